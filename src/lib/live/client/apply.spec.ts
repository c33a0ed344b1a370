import { describe, expect, it } from 'vitest';
import type {
	ApprovedContribution,
	ConsoleView,
	PhoneView,
	ProjectorView,
	StreamEvent
} from '$lib/live/types';
import { applyConsoleEvent, applyPhoneEvent, applyProjectorEvent, approvedIds, rankProposals } from './apply';

function phoneView(): PhoneView {
	return {
		role: 'participant',
		sessionId: 's1',
		seq: 10,
		serverNow: 0,
		phase: 'fearsAndStigma',
		paused: false,
		purposeKey: 'live_purpose_statement',
		confidentialityKey: 'live_confidentiality_statement',
		guidingQuestionKey: 'live_question_fearsAndStigma',
		groundRules: [],
		knowledge: [],
		stepOut: '',
		wall: {
			themes: [{ id: 't1', title: 'School route', answer: null, answeredAt: null, concerns: [] }],
			unthemed: []
		},
		proposals: [],
		endorsementCap: 3,
		endorsementsLeft: 3,
		controls: { purposeExplained: true, openPrompt: null, timer: null, joinVisible: true },
		myAnswers: {},
		affirmed: true,
		accepts: { concern: true, proposal: false, endorsement: false }
	};
}

function approved(id: string, kind: 'concern' | 'proposal', extra: Partial<ApprovedContribution> = {}) {
	const data: ApprovedContribution = {
		id,
		kind,
		text: `text ${id}`,
		redacted: false,
		themeId: null,
		proposedRole: '',
		resources: '',
		shortlisted: false,
		ownerRole: '',
		tiedTo: null,
		endorsements: 0,
		...extra
	};
	return { type: 'contribution.approved', seq: 11, at: 0, data } satisfies StreamEvent;
}

describe('applyPhoneEvent', () => {
	it('puts an approved concern on the wall once, and replaces it when it is redacted', () => {
		const view = phoneView();
		applyPhoneEvent(view, approved('c1', 'concern'));
		applyPhoneEvent(view, approved('c1', 'concern', { text: 'shortened', redacted: true, themeId: 't1' }));
		expect(view.wall.unthemed).toEqual([]);
		expect(view.wall.themes[0]?.concerns).toEqual([{ id: 'c1', text: 'shortened', redacted: true }]);
	});

	it('takes a hidden contribution off the wall and out of the proposals', () => {
		const view = phoneView();
		applyPhoneEvent(view, approved('c1', 'concern'));
		applyPhoneEvent(view, approved('p1', 'proposal'));
		applyPhoneEvent(view, { type: 'contribution.hidden', seq: 12, at: 0, data: { id: 'c1' } });
		applyPhoneEvent(view, { type: 'contribution.hidden', seq: 13, at: 0, data: { id: 'p1' } });
		expect(approvedIds(view).size).toBe(0);
	});

	it('keeps its own endorsement mark when a proposal is approved again', () => {
		const view = phoneView();
		applyPhoneEvent(view, approved('p1', 'proposal'));
		const first = view.proposals[0];
		if (first) first.endorsedByMe = true;
		applyPhoneEvent(view, approved('p1', 'proposal', { text: 'edited' }));
		expect(view.proposals).toMatchObject([{ id: 'p1', text: 'edited', endorsedByMe: true }]);
	});

	it('follows a phase change without a fresh view, and accepts what the new phase takes', () => {
		const view = phoneView();
		const applied = applyPhoneEvent(view, {
			type: 'phase.advance',
			seq: 14,
			at: 0,
			data: { from: 'fearsAndStigma', to: 'proposals' }
		});
		expect(applied).toBe(true);
		expect(view.accepts).toEqual({ concern: false, proposal: true, endorsement: true });
		applyPhoneEvent(view, {
			type: 'session.pause',
			seq: 15,
			at: 0,
			data: { from: 'proposals', to: 'paused' }
		});
		expect(view.paused).toBe(true);
		expect(view.accepts).toEqual({ concern: false, proposal: false, endorsement: false });
	});

	it('takes the board a resume brings (what was approved during the pause), keeping its own endorsements', () => {
		const view = phoneView();
		applyPhoneEvent(view, approved('p1', 'proposal'));
		const first = view.proposals[0];
		if (first) first.endorsedByMe = true;
		const p1 = approved('p1', 'proposal').data;
		applyPhoneEvent(view, {
			type: 'session.resume',
			seq: 17,
			at: 0,
			data: {
				from: 'paused',
				to: 'proposals',
				board: {
					wall: { themes: [], unthemed: [{ id: 'c9', text: 'approved while paused', redacted: false }] },
					proposals: [
						{ ...p1, text: 'p1 now' },
						{ ...p1, id: 'p2', text: 'approved while paused' }
					].map(({ kind: _kind, themeId: _themeId, ...p }) => p)
				}
			}
		});
		expect(view.paused).toBe(false);
		expect(view.wall.unthemed).toEqual([{ id: 'c9', text: 'approved while paused', redacted: false }]);
		expect(view.proposals).toMatchObject([
			{ id: 'p1', text: 'p1 now', endorsedByMe: true },
			{ id: 'p2', text: 'approved while paused', endorsedByMe: false }
		]);
	});

	it('asks for a fresh view when a concern moves into a theme it does not know', () => {
		const view = phoneView();
		applyPhoneEvent(view, approved('c1', 'concern'));
		const applied = applyPhoneEvent(view, {
			type: 'contribution.themed',
			seq: 16,
			at: 0,
			data: { ids: ['c1'], themeId: 'unknown' }
		});
		expect(applied).toBe(false);
	});
});

describe('applyProjectorEvent', () => {
	it('drops everything it showed when the session pauses', () => {
		const view: ProjectorView = {
			role: 'display',
			sessionId: 's1',
			seq: 1,
			serverNow: 0,
			phase: 'fearsAndStigma',
			paused: false,
			join: null,
			guidingQuestionKey: 'live_question_fearsAndStigma',
			wall: { themes: [], unthemed: [{ id: 'c1', text: 'a worry', redacted: false }] },
			proposals: [],
			values: null,
			controls: { purposeExplained: true, openPrompt: null, timer: null, joinVisible: false }
		};
		applyProjectorEvent(view, {
			type: 'session.pause',
			seq: 2,
			at: 0,
			data: { from: 'fearsAndStigma', to: 'paused' }
		});
		expect(view).toEqual({
			role: 'display',
			sessionId: 's1',
			seq: 2,
			serverNow: 0,
			phase: 'paused',
			paused: true
		});
	});
});

describe('a timer belongs to its phase', () => {
	const expired = { durationMs: 60_000, remainingMs: 0, running: false, endsAt: null };

	it('leaves the phone and the projector when the phase moves, and stays through a pause', () => {
		const phone = phoneView();
		phone.controls.timer = { ...expired };
		applyPhoneEvent(phone, {
			type: 'session.pause',
			seq: 11,
			at: 0,
			data: { from: 'fearsAndStigma', to: 'paused' }
		});
		expect(phone.controls.timer).not.toBeNull();
		applyPhoneEvent(phone, {
			type: 'session.resume',
			seq: 12,
			at: 0,
			data: { from: 'paused', to: 'fearsAndStigma' }
		});
		applyPhoneEvent(phone, {
			type: 'phase.advance',
			seq: 13,
			at: 0,
			data: { from: 'fearsAndStigma', to: 'proposals' }
		});
		expect(phone.controls.timer).toBeNull();

		const projector = {
			role: 'display',
			sessionId: 's1',
			seq: 10,
			serverNow: 0,
			phase: 'proposals',
			paused: false,
			join: null,
			controls: { purposeExplained: true, openPrompt: null, timer: { ...expired }, joinVisible: true }
		} as unknown as ProjectorView;
		applyProjectorEvent(projector, {
			type: 'phase.revisit',
			seq: 11,
			at: 0,
			data: { from: 'proposals', to: 'fearsAndStigma' }
		});
		expect(projector.paused === false && projector.controls.timer).toBeNull();
	});
});

describe('the projector at the close', () => {
	it('stops showing the join code once the session is closed', () => {
		const view = {
			role: 'display',
			sessionId: 's1',
			seq: 10,
			serverNow: 0,
			phase: 'closing',
			paused: false,
			join: { code: 'ABC234', phoneUrl: 'http://hall/s/ABC234', qrPath: '/qr' },
			controls: { purposeExplained: true, openPrompt: null, timer: null, joinVisible: true }
		} as unknown as ProjectorView;
		applyProjectorEvent(view, {
			type: 'phase.advance',
			seq: 11,
			at: 0,
			data: { from: 'closing', to: 'closed' }
		});
		expect(view.phase).toBe('closed');
		expect(view.paused === false && view.join).toBeNull();
	});
});

describe('rankProposals', () => {
	it('puts the most supported first and keeps ties in their order', () => {
		const list = [
			{ id: 'a', endorsements: 1 },
			{ id: 'b', endorsements: 3 },
			{ id: 'c', endorsements: 1 }
		];
		rankProposals(list);
		expect(list.map((p) => p.id)).toEqual(['b', 'a', 'c']);
	});

	it('ranks hidden support (null) as one tier between 0 and the shown counts, keeping its order', () => {
		const list = [
			{ id: 'none', endorsements: 0 },
			{ id: 'few', endorsements: null },
			{ id: 'many', endorsements: 6 },
			{ id: 'fewer', endorsements: null }
		];
		rankProposals(list);
		expect(list.map((p) => p.id)).toEqual(['many', 'few', 'fewer', 'none']);
	});
});

describe('the agreement on a phone', () => {
	function agreementPhone(): PhoneView {
		return {
			...phoneView(),
			phase: 'agreement',
			accepts: { concern: false, proposal: false, endorsement: false },
			controls: { purposeExplained: true, openPrompt: 'consent', timer: null, joinVisible: false },
			myAnswers: { consent: 'canLiveWith' },
			agreement: {
				version: 3,
				number: 1,
				commitments: [],
				readBack: true,
				consentOpen: true,
				checkOutOpen: false,
				followUpOn: null,
				ritualRecorded: false
			}
		};
	}
	const commitment = {
		id: 'k1',
		position: 0,
		action: 'Walk the school route on Mondays',
		ownerRole: 'Parents’ association',
		dueOn: '2031-03-01',
		reviewHow: 'Report at the review meeting',
		proposalId: null,
		status: 'planned' as const,
		incomplete: false
	};

	it('takes a new draft and asks for consent again, because an answer counts for its version only', () => {
		const view = agreementPhone();
		const applied = applyPhoneEvent(view, {
			type: 'agreement.changed',
			seq: 12,
			at: 0,
			data: { version: 4, number: 2, commitments: [commitment], readBack: false }
		});
		expect(applied).toBe(true);
		expect(view.agreement?.version).toBe(4);
		expect(view.agreement?.number).toBe(2);
		expect(view.agreement?.commitments).toEqual([commitment]);
		expect(view.agreement?.readBack).toBe(false);
		expect(view.myAnswers.consent).toBeUndefined();
	});

	it('keeps the answer when the same version is only read back', () => {
		const view = agreementPhone();
		applyPhoneEvent(view, {
			type: 'agreement.changed',
			seq: 12,
			at: 0,
			data: { version: 3, number: 1, commitments: [commitment], readBack: true }
		});
		expect(view.myAnswers.consent).toBe('canLiveWith');
	});

	it('follows the rounds: consent closes with the prompt, check-out opens in closing only', () => {
		const view = agreementPhone();
		applyPhoneEvent(view, {
			type: 'controls.changed',
			seq: 12,
			at: 0,
			data: { ...view.controls, openPrompt: null, checkOutOpen: true, serverNow: 0, join: null }
		});
		expect(view.agreement?.consentOpen).toBe(false);
		expect(view.agreement?.checkOutOpen).toBe(false);
		applyPhoneEvent(view, {
			type: 'phase.advance',
			seq: 13,
			at: 0,
			data: { from: 'agreement', to: 'closing' }
		});
		expect(view.agreement?.checkOutOpen).toBe(true);
		applyPhoneEvent(view, {
			type: 'closing.changed',
			seq: 14,
			at: 0,
			data: { ritualRecorded: true, followUpOn: '2031-06-01' }
		});
		expect(view.agreement?.followUpOn).toBe('2031-06-01');
		expect(view.agreement?.ritualRecorded).toBe(true);
	});

	it('asks for a fresh view when it has no agreement to update', () => {
		const view = phoneView();
		expect(
			applyPhoneEvent(view, {
				type: 'agreement.changed',
				seq: 12,
				at: 0,
				data: { version: 1, number: 1, commitments: [], readBack: false }
			})
		).toBe(false);
	});
});

describe('the consent round on the console', () => {
	/** The few fields a `controls.changed` touches; the rest of a console view does not matter here. */
	function consoleWith(openPrompt: ConsoleView['controls']['openPrompt']): ConsoleView {
		return {
			controls: { purposeExplained: true, openPrompt, timer: null, joinVisible: true, checkOutOpen: false },
			join: { code: 'ABC234', phoneUrl: 'http://hall/s/ABC234', qrPath: '/qr', visible: true }
		} as unknown as ConsoleView;
	}
	const change = (openPrompt: ConsoleView['controls']['openPrompt']): StreamEvent => ({
		type: 'controls.changed',
		seq: 20,
		at: 0,
		data: { purposeExplained: true, openPrompt, timer: null, joinVisible: true, serverNow: 0, join: null }
	});

	it('follows the round opening without a fresh view, and forgets an objection of the round before', () => {
		const view = consoleWith(null);
		view.agreement = { consentBlocked: true } as ConsoleView['agreement'];
		expect(applyConsoleEvent(view, change('consent'))).toBe(true);
		expect(view.controls.openPrompt).toBe('consent');
		expect(view.agreement?.consentBlocked).toBe(false);
	});

	it('asks for a fresh view when the round closes: only then is an unresolved objection told', () => {
		const view = consoleWith('consent');
		expect(applyConsoleEvent(view, change(null))).toBe(false);
		expect(view.controls.openPrompt).toBeNull();
		// Another prompt closing needs nothing more than the controls.
		expect(applyConsoleEvent(consoleWith('checkIn'), change(null))).toBe(true);
	});
});
