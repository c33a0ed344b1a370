/**
 * Schemas of the dialogue's own forms: opening one, its description, its status and its facilitators.
 * There is deliberately no field for the returning person: a dialogue is known only by its codename.
 */
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { idField, choiceField, textField } from './fields';

/** Letters (any script), digits, spaces, dots, hyphens and underscores; starting with a letter or digit. */
const CODENAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u;

export const codenameField = v.pipe(
	textField({ max: 60, min: 2, required: true }),
	v.check(
		(s) => s === '' || CODENAME.test(s),
		() => m.prep_error_codename_chars()
	)
);

const describing = {
	codename: codenameField,
	place: textField({ max: 120 }),
	communityKind: textField({ max: 80 }),
	description: textField({ max: 2000, multiline: true })
};

const facilitatorChoice = {
	leadId: idField(),
	coId: idField()
};

/** Same person twice, or a co-facilitator with nobody leading: both are mistakes a person can fix. */
const differentPeople = (p: { leadId: string | null; coId: string | null }) => !p.coId || p.coId !== p.leadId;
const leadBeforeCo = (p: { leadId: string | null; coId: string | null }) => !p.coId || !!p.leadId;

export const newDialogueSchema = v.pipe(
	v.object({ ...describing, ...facilitatorChoice }),
	v.forward(
		v.partialCheck([['leadId'], ['coId']], differentPeople, () => m.prep_error_same_person()),
		['coId']
	),
	v.forward(
		v.partialCheck([['leadId'], ['coId']], leadBeforeCo, () => m.prep_error_lead_first()),
		['leadId']
	)
);
export type NewDialogueInput = v.InferInput<typeof newDialogueSchema>;
export type NewDialogue = v.InferOutput<typeof newDialogueSchema>;

export const dialogueDetailsSchema = v.object(describing);
export type DialogueDetailsInput = v.InferInput<typeof dialogueDetailsSchema>;
export type DialogueDetails = v.InferOutput<typeof dialogueDetailsSchema>;

export const facilitatorsSchema = v.pipe(
	v.object(facilitatorChoice),
	v.forward(
		v.partialCheck([['leadId'], ['coId']], differentPeople, () => m.prep_error_same_person()),
		['coId']
	),
	v.forward(
		v.partialCheck([['leadId'], ['coId']], leadBeforeCo, () => m.prep_error_lead_first()),
		['leadId']
	)
);
export type FacilitatorsInput = v.InferInput<typeof facilitatorsSchema>;
export type Facilitators = v.InferOutput<typeof facilitatorsSchema>;

/** Statuses an organiser sets by hand; `live` and `closed` follow from running the session. */
export const SETTABLE_STATUSES = ['preparing', 'ready', 'archived'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export const dialogueStatusSchema = v.object({ status: choiceField(SETTABLE_STATUSES) });
export type DialogueStatusInput = v.InferInput<typeof dialogueStatusSchema>;
