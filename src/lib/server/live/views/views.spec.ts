import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passingFacts } from '$lib/dialogue/testing';
import { applyEvent } from '../../sessions/service';
import type { ParticipantPrincipal } from '../http/access';
import { changeControls } from '../commands/controls';
import { approveContribution, createTheme, hideContribution } from '../commands/moderation';
import { endorse, respond, submitContribution } from '../phones/participation';
import { setParticipantLocale, type OpenedSession } from '../commands/sessions';
import { saveGroundRule, saveKnowledgeItem } from '../../dialogues';
import {
	saveGroundRuleTranslation,
	saveKnowledgeTranslation,
	setMainLanguage
} from '../../dialogues/translations';
import {
	ADDRESS,
	joinPhone,
	liveFixture,
	moveTo,
	openSession,
	requestId,
	type LiveFixture
} from '../test-support';
import { consoleView, phoneView, projectorView } from './views';

let fx: LiveFixture;
let opened: OpenedSession;
let phones: ParticipantPrincipal[];

beforeEach(() => {
	fx = liveFixture({ minGroupSize: 5 });
	opened = openSession(fx);
	phones = Array.from({ length: 6 }, () => joinPhone(fx, opened));
});

afterEach(() => fx.close());

const pulse = (phone: ParticipantPrincipal | undefined, value: number) =>
	phone && respond(fx.db, phone, { prompt: 'pulse.respected', value, clientRequestId: requestId() });

describe('small-group safeguard', () => {
	beforeEach(() => {
		moveTo(fx, opened.sessionId, 'fearsAndStigma');
		changeControls(
			fx.db,
			fx.facilitator,
			opened.sessionId,
			{ type: 'prompt.open', prompt: 'pulse.respected' },
			ADDRESS
		);
	});

	it('shows no number below the minimum group size, on any view', () => {
		for (const phone of phones.slice(0, 4)) pulse(phone, 2);
		const console_ = consoleView(fx.db, opened.sessionId, ADDRESS);
		expect(console_.aggregates['pulse.respected']).toEqual({
			prompt: 'pulse.respected',
			responses: null,
			mean: null,
			counts: null,
			tooFew: true
		});
		const everything = JSON.stringify([
			phoneView(fx.db, opened.sessionId, phones[0] as ParticipantPrincipal),
			projectorView(fx.db, opened.sessionId, ADDRESS)
		]);
		// Phones and the projector carry no aggregate at all; the projector's values panel has states only.
		expect(everything).not.toMatch(/"(aggregates|mean|responses|counts|reasons)"/);
		expect(everything).toContain('"values"');
	});

	it('shows the count from the minimum group size on, and the mean only once the prompt is closed', () => {
		for (const phone of phones.slice(0, 5)) pulse(phone, 4);
		pulse(phones[5], 1);
		const whileOpen = consoleView(fx.db, opened.sessionId, ADDRESS).aggregates['pulse.respected'];
		expect(whileOpen).toMatchObject({ responses: 6, mean: null, tooFew: false });
		changeControls(fx.db, fx.facilitator, opened.sessionId, { type: 'prompt.close' }, ADDRESS);
		const closed = consoleView(fx.db, opened.sessionId, ADDRESS).aggregates['pulse.respected'];
		expect(closed).toMatchObject({ responses: 6, mean: 3.5, tooFew: false });
	});
});

describe('what each view holds', () => {
	beforeEach(() => moveTo(fx, opened.sessionId, 'fearsAndStigma'));

	it('gives phones and the projector approved text only, grouped by theme', () => {
		const phone = phones[0] as ParticipantPrincipal;
		const shown = submitContribution(fx.db, phone, {
			kind: 'concern',
			text: 'Shown worry',
			clientRequestId: requestId()
		}).id;
		const hidden = submitContribution(fx.db, phone, {
			kind: 'concern',
			text: 'Hidden worry',
			clientRequestId: requestId()
		}).id;
		submitContribution(fx.db, phone, {
			kind: 'concern',
			text: 'Pending worry',
			clientRequestId: requestId()
		});
		approveContribution(fx.db, fx.facilitator, opened.sessionId, shown);
		hideContribution(fx.db, fx.facilitator, opened.sessionId, hidden);
		const themeId = createTheme(fx.db, fx.facilitator, opened.sessionId, 'Worries', [shown]);

		const phoneJson = JSON.stringify(phoneView(fx.db, opened.sessionId, phone));
		const projector = projectorView(fx.db, opened.sessionId, ADDRESS);
		for (const json of [phoneJson, JSON.stringify(projector)]) {
			expect(json).toContain('Shown worry');
			expect(json).not.toContain('Hidden worry');
			expect(json).not.toContain('Pending worry');
			expect(json).not.toContain(hidden);
		}
		if (projector.paused) throw new Error('not paused');
		expect(projector.wall.themes).toEqual([
			expect.objectContaining({
				id: themeId,
				title: 'Worries',
				concerns: [{ id: shown, text: 'Shown worry', redacted: false }]
			})
		]);
		expect(projector.join?.code).toBe(opened.joinCode);
		expect(projector.values?.values.respect.state).toBe('unmet');

		const console_ = consoleView(fx.db, opened.sessionId, ADDRESS);
		expect(console_.moderationQueue.map((c) => c.text)).toEqual(['Pending worry']);
		expect(console_.hidden.map((c) => c.id)).toEqual([hidden]);
		expect(console_.check?.results.respect.reasons.map((r) => r.code)).toContain('fears.moderationPending');
		expect(console_.participants.joined).toBe(6);
	});

	it('shows the projector nothing but the pause while paused', () => {
		applyEvent(fx.db, opened.sessionId, { type: 'session.pause', at: Date.now() });
		const view = projectorView(fx.db, opened.sessionId, ADDRESS);
		// Nothing of the room: only the languages the pause screen is written in.
		expect(Object.keys(view).sort()).toEqual([
			'languages',
			'paused',
			'phase',
			'role',
			'seq',
			'serverNow',
			'sessionId'
		]);
	});

	it('hides the join code from the projector when the facilitator hides it', () => {
		changeControls(fx.db, fx.facilitator, opened.sessionId, { type: 'join.hide' }, ADDRESS);
		const view = projectorView(fx.db, opened.sessionId, ADDRESS);
		expect(view.paused ? 'paused' : view.join).toBeNull();
		expect(JSON.stringify(view)).not.toContain(opened.joinCode);
	});

	it('tells a phone what it endorsed and answered, and what it may send now', () => {
		applyEvent(fx.db, opened.sessionId, { type: 'phase.advance', facts: passingFacts(), at: Date.now() });
		const phone = phones[1] as ParticipantPrincipal;
		const id = submitContribution(fx.db, phone, {
			kind: 'proposal',
			text: 'Coffee morning',
			clientRequestId: requestId()
		}).id;
		approveContribution(fx.db, fx.facilitator, opened.sessionId, id);
		endorse(fx.db, phone, { contributionId: id, clientRequestId: requestId() });
		respond(fx.db, phone, { prompt: 'groundRules.affirm', value: 'yes', clientRequestId: requestId() });
		const view = phoneView(fx.db, opened.sessionId, phone);
		// One endorsement is below the minimum group size: no number, on the phone that gave it too.
		expect(view.proposals).toEqual([expect.objectContaining({ id, endorsements: null, endorsedByMe: true })]);
		expect(view).toMatchObject({
			endorsementsLeft: 2,
			affirmed: true,
			accepts: { concern: false, proposal: true }
		});
		const other = phoneView(fx.db, opened.sessionId, phones[2] as ParticipantPrincipal);
		expect(other.proposals[0]?.endorsedByMe).toBe(false);
		expect(other.affirmed).toBe(false);
	});
});

describe('content in the phone’s language', () => {
	const env = () => ({ db: fx.db });
	let rules: string[];
	let itemId: string;

	beforeEach(() => {
		rules = ['One person speaks at a time.', 'What is said here stays here.'].map(
			(text) => saveGroundRule(fx.facilitator, fx.dialogueId, null, { text }, env()).id
		);
		itemId = saveKnowledgeItem(
			fx.facilitator,
			fx.dialogueId,
			null,
			{ title: 'What probation does', body: 'Support after prison.', url: 'https://example.org/p' },
			env()
		).id;
		saveGroundRuleTranslation(
			fx.facilitator,
			fx.dialogueId,
			rules[0] as string,
			{ locale: 'pl', text: 'Mówi jedna osoba naraz.' },
			env()
		);
		saveGroundRuleTranslation(
			fx.facilitator,
			fx.dialogueId,
			rules[1] as string,
			{ locale: 'pl', text: 'To, co tu powiedziane, zostaje tutaj.' },
			env()
		);
		saveGroundRuleTranslation(
			fx.facilitator,
			fx.dialogueId,
			rules[0] as string,
			{ locale: 'ar', text: 'يتحدث شخص واحد في كل مرة.' },
			env()
		);
		saveKnowledgeTranslation(
			fx.facilitator,
			fx.dialogueId,
			itemId,
			{ locale: 'pl', title: 'Czym zajmuje się kurator', body: 'Wsparcie po więzieniu.' },
			env()
		);
	});

	const view = (locale?: string) =>
		phoneView(fx.db, opened.sessionId, phones[0] as ParticipantPrincipal, locale ? { locale } : {});

	it('shows the version in the phone’s language, marked with it, and no other language', () => {
		const polish = view('pl');
		expect(polish.groundRules).toEqual([
			{ text: 'Mówi jedna osoba naraz.', lang: 'pl', dir: 'ltr' },
			{ text: 'To, co tu powiedziane, zostaje tutaj.', lang: 'pl', dir: 'ltr' }
		]);
		expect(polish.knowledge).toEqual([
			{
				title: 'Czym zajmuje się kurator',
				body: 'Wsparcie po więzieniu.',
				url: 'https://example.org/p',
				lang: 'pl',
				dir: 'ltr'
			}
		]);
		expect(polish.contentFallback).toBeNull();
		// Neither the main language's texts nor the Arabic version reach a Polish phone.
		const sent = JSON.stringify(polish);
		expect(sent).not.toContain('One person speaks');
		expect(sent).not.toContain('يتحدث');
	});

	it('falls back to the main language text by text, with the note, and right to left where the version is', () => {
		const arabic = view('ar');
		expect(arabic.groundRules).toEqual([
			{ text: 'يتحدث شخص واحد في كل مرة.', lang: 'ar', dir: 'rtl' },
			{ text: 'What is said here stays here.', lang: 'en', dir: 'ltr' }
		]);
		expect(arabic.knowledge[0]).toMatchObject({ title: 'What probation does', lang: 'en', dir: 'ltr' });
		expect(arabic.contentFallback).toBe('en');

		const german = view('de');
		expect(german.groundRules.map((rule) => rule.lang)).toEqual(['en', 'en']);
		expect(german.contentFallback).toBe('en');
		expect(JSON.stringify(german)).not.toContain('Mówi');
	});

	it('in the main language shows the texts themselves, without a note', () => {
		expect(view('en').groundRules.map((rule) => rule.text)).toEqual([
			'One person speaks at a time.',
			'What is said here stays here.'
		]);
		expect(view('en').contentFallback).toBeNull();
		// Made Polish the main language, a Polish phone reads the main text, not the Polish translation.
		setMainLanguage(fx.organiser, fx.dialogueId, { mainLocale: 'pl' }, env());
		expect(view('pl').groundRules[0]).toEqual({
			text: 'One person speaks at a time.',
			lang: 'pl',
			dir: 'ltr'
		});
		expect(view('pl').contentFallback).toBeNull();
	});

	it('uses the language stored with the phone when the request names none; the projector shows the main language', () => {
		setParticipantLocale(fx.db, (phones[0] as ParticipantPrincipal).id, 'pl');
		expect(view().groundRules[0]).toMatchObject({ text: 'Mówi jedna osoba naraz.', lang: 'pl' });
		const projector = projectorView(fx.db, opened.sessionId, ADDRESS);
		expect(projector.paused ? [] : projector.groundRules).toEqual([
			'One person speaks at a time.',
			'What is said here stays here.'
		]);
	});
});
