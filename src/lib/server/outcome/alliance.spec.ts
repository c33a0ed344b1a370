import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, alliancePartner, milestone } from '../db/schema';
import { DialogueNotFoundError, InvalidInputError } from '../dialogues/errors';
import { addOrganisation, addStaff, liveFixture, type LiveFixture } from '../live/test-support';
import { addMilestone, addPartner, personalIn, removePartner, setMilestoneStatus } from './alliance';
import { followUp } from './service';

let fx: LiveFixture;
const env = () => ({ db: fx.db, now: Date.UTC(2031, 1, 15) });

beforeEach(() => {
	fx = liveFixture({ minParticipants: 1, minGroupSize: 3 });
});

afterEach(() => fx.close());

function refusal(call: () => unknown): Record<string, string> {
	try {
		call();
	} catch (cause) {
		if (cause instanceof InvalidInputError) return cause.errors;
		throw cause;
	}
	throw new Error('expected a refusal');
}

describe('alliance partners', () => {
	it('lists a role and an organisation, audited without what was typed', () => {
		addPartner(
			fx.facilitator,
			fx.dialogueId,
			{ kind: 'housing', role: 'Tenancy officer', organisation: 'Linden Housing Association' },
			env()
		);
		addPartner(
			fx.organiser,
			fx.dialogueId,
			{ kind: 'employer', role: 'Shift manager', organisation: 'Bakkerij Jansen' },
			env()
		);
		const partners = followUp(fx.facilitator, fx.dialogueId, env()).partners;
		expect(partners.map((p) => [p.kind, p.role, p.organisation])).toEqual([
			['housing', 'Tenancy officer', 'Linden Housing Association'],
			['employer', 'Shift manager', 'Bakkerij Jansen']
		]);
		const audit = fx.db.select().from(auditLog).where(eq(auditLog.action, 'partner.add')).all();
		expect(audit).toHaveLength(2);
		expect(audit[0]!.detail).not.toContain('Tenancy');
		expect(audit[1]!.detail).not.toContain('Jansen');

		removePartner(fx.facilitator, fx.dialogueId, partners[0]!.id, env());
		expect(followUp(fx.facilitator, fx.dialogueId, env()).partners).toHaveLength(1);
		expect(fx.db.select().from(auditLog).where(eq(auditLog.action, 'partner.remove')).all()).toHaveLength(1);
	});

	it('refuses a person’s name, contact details or an address, and says why per field', () => {
		const add = (role: string, organisation: string) => () =>
			addPartner(fx.facilitator, fx.dialogueId, { kind: 'club', role, organisation }, env());
		expect(Object.keys(refusal(add('Jan de Vries', 'FC Linden')))).toEqual(['role']);
		expect(Object.keys(refusal(add('Youth coach', 'Mr Jansen')))).toEqual(['organisation']);
		expect(Object.keys(refusal(add('Youth coach', 'John Smith')))).toEqual(['organisation']);
		expect(refusal(add('Coach, 06-12345678', 'FC Linden')).role).toMatch(/contact/i);
		expect(refusal(add('Youth coach', 'Kerkstraat 5')).organisation).toMatch(/address/i);
		expect(fx.db.select().from(alliancePartner).all()).toEqual([]);
	});

	it('lets organisations named after a place or a family through when they say what they are', () => {
		for (const name of [
			'Neighbourhood Housing Trust',
			'Woonstichting De Key',
			'St Mary’s Church',
			'Al-Noor Mosque',
			'Rotterdam Employers Network',
			'FC Linden'
		]) {
			expect(personalIn('organisation', name), name).toBeNull();
		}
		for (const role of ['tenancy officer', 'Youth coach', 'imam', 'HR advisor']) {
			expect(personalIn('role', role), role).toBeNull();
		}
	});

	it('is for the dialogue’s facilitators and the organisation’s organisers only', () => {
		const stranger = addStaff(fx.db, fx.organisationId, 'facilitator');
		const other = addStaff(fx.db, addOrganisation(fx.db), 'organiser');
		const input = { kind: 'faith', role: 'Imam', organisation: 'Al-Noor Mosque' };
		expect(() => addPartner(stranger, fx.dialogueId, input, env())).toThrow(DialogueNotFoundError);
		expect(() => addPartner(other, fx.dialogueId, input, env())).toThrow(DialogueNotFoundError);
		const { id } = addPartner(fx.facilitator, fx.dialogueId, input, env());
		expect(() => removePartner(stranger, fx.dialogueId, id, env())).toThrow(DialogueNotFoundError);
		expect(() => followUp(other, fx.dialogueId, env())).toThrow(DialogueNotFoundError);
		expect(fx.db.select().from(alliancePartner).all()).toHaveLength(1);
	});
});

describe('milestones', () => {
	it('keeps a date and what, planned until reached or missed, and shows what is overdue', () => {
		addMilestone(fx.facilitator, fx.dialogueId, { dueOn: '2031-01-10', what: 'First month at work' }, env());
		addMilestone(fx.facilitator, fx.dialogueId, { dueOn: '2031-03-01', what: 'Joined the club' }, env());
		let list = followUp(fx.facilitator, fx.dialogueId, env()).milestones;
		expect(list.map((ms) => [ms.dueOn, ms.status, ms.overdue])).toEqual([
			['2031-01-10', 'planned', true],
			['2031-03-01', 'planned', false]
		]);
		setMilestoneStatus(fx.organiser, fx.dialogueId, list[0]!.id, { status: 'reached' }, env());
		list = followUp(fx.facilitator, fx.dialogueId, env()).milestones;
		expect(list[0]).toMatchObject({ status: 'reached', overdue: false, statusChangedAt: env().now });
		const audit = fx.db.select().from(auditLog).where(eq(auditLog.action, 'milestone.status')).get();
		expect(JSON.parse(audit!.detail)).toMatchObject({ from: 'planned', to: 'reached' });
	});

	it('refuses a missing date or text, an unknown status, and someone else’s milestone', () => {
		const errors = refusal(() => addMilestone(fx.facilitator, fx.dialogueId, { dueOn: '', what: '' }, env()));
		expect(Object.keys(errors).sort()).toEqual(['dueOn', 'what']);
		const { id } = addMilestone(fx.facilitator, fx.dialogueId, { dueOn: '2031-03-01', what: 'X' }, env());
		expect(() => setMilestoneStatus(fx.facilitator, fx.dialogueId, id, { status: 'done' }, env())).toThrow(
			InvalidInputError
		);
		const stranger = addStaff(fx.db, fx.organisationId, 'facilitator');
		expect(() => setMilestoneStatus(stranger, fx.dialogueId, id, { status: 'reached' }, env())).toThrow(
			DialogueNotFoundError
		);
		expect(fx.db.select().from(milestone).get()?.status).toBe('planned');
	});
});
