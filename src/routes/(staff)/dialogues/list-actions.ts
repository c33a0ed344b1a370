/**
 * The form actions every ordered list of a dialogue's preparation shares (ground rules, knowledge items): add or
 * save a version in another language, remove it, delete an entry, move it up or down. Each ends on the list's page
 * with `?saved=…`; a refused translation comes back to the form it was sent from, with what was typed.
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import type { StaffPrincipal } from '$lib/server/auth/principal';
import { guarded, runForm } from '$lib/server/dialogues';
import { formValues, type MoveDirection, type PrepItem } from '$lib/validation';
import { itemHref } from './paths';

type Event = RequestEvent<{ id: string }>;

export interface ListServices<F extends string> {
	/** The preparation page the list lives on. */
	page: PrepItem;
	/** The form field that names the entry. */
	idField: string;
	/** The fields of a version in another language, besides `locale`. */
	translationFields: readonly F[];
	saveTranslation(
		staff: StaffPrincipal,
		dialogueId: string,
		id: string,
		values: Record<F | 'locale', string>
	): void;
	deleteTranslation(staff: StaffPrincipal, dialogueId: string, id: string, locale: string): void;
	remove(staff: StaffPrincipal, dialogueId: string, id: string): void;
	move(staff: StaffPrincipal, dialogueId: string, id: string, direction: MoveDirection): void;
}

export function backTo(page: PrepItem, dialogueId: string, saved: string): never {
	redirect(303, `${itemHref(dialogueId, page)}?saved=${saved}`);
}

export function listActions<F extends string>(list: ListServices<F>) {
	const entry = (form: FormData) => String(form.get(list.idField) ?? '');
	const back = (event: Event, saved: string) => backTo(list.page, event.params.id, saved);
	const simple =
		(change: (staff: StaffPrincipal, dialogueId: string, id: string) => void, saved: string) =>
		async (event: Event) => {
			const staff = requireStaff(event);
			const id = entry(await event.request.formData());
			guarded(() => change(staff, event.params.id, id));
			back(event, saved);
		};
	return {
		/** Adds or saves an entry's version in another language. */
		translate: async (event: Event) => {
			const staff = requireStaff(event);
			const form = await event.request.formData();
			const id = entry(form);
			const values = formValues(form, ['locale', ...list.translationFields]);
			// The add form has its own id: a refused addition must not show its text in an existing version's form.
			const formId = `${id}:${form.get('existing') === '1' ? values.locale : 'add'}`;
			const outcome = runForm(values, () => list.saveTranslation(staff, event.params.id, id, values), formId);
			if (outcome.failure) return outcome.failure;
			back(event, 'translation');
		},
		/** Removes a version; one already gone is no error. */
		untranslate: async (event: Event) => {
			const staff = requireStaff(event);
			const form = await event.request.formData();
			const locale = String(form.get('locale') ?? '');
			guarded(() => list.deleteTranslation(staff, event.params.id, entry(form), locale));
			back(event, 'untranslated');
		},
		delete: simple(list.remove, 'deleted'),
		up: simple((staff, dialogueId, id) => list.move(staff, dialogueId, id, 'up'), 'moved'),
		down: simple((staff, dialogueId, id) => list.move(staff, dialogueId, id, 'down'), 'moved')
	};
}
