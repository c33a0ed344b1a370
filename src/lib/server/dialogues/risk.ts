/**
 * The risk & needs assessment attestation: that a recent one exists, its date and which agency role holds it.
 * Its content is never entered: there is no column for it, and the schema drops any field it does not name.
 */
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { riskAttestationSchema, type RiskAttestationInput } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { riskAttestation, staffUser } from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv } from './env';
import { parseInput } from './errors';

export interface RiskAttestationView {
	id: string;
	assessedOn: string;
	holderRole: string;
	attestedAt: number;
	attestedByName: string | null;
}

function attestationsOf(db: Reader, dialogueId: string, limit?: number): RiskAttestationView[] {
	const query = db
		.select({
			id: riskAttestation.id,
			assessedOn: riskAttestation.assessedOn,
			holderRole: riskAttestation.holderRole,
			attestedAt: riskAttestation.attestedAt,
			attestedByName: staffUser.name
		})
		.from(riskAttestation)
		.leftJoin(staffUser, eq(staffUser.id, riskAttestation.attestedBy))
		.where(eq(riskAttestation.dialogueId, dialogueId))
		.orderBy(desc(riskAttestation.attestedAt), desc(riskAttestation.id));
	return limit === undefined ? query.all() : query.limit(limit).all();
}

/** The attestation that counts (the newest), or null (no staff check: for the readiness facts). */
export function latestRiskAttestation(db: Reader, dialogueId: string): RiskAttestationView | null {
	return attestationsOf(db, dialogueId, 1)[0] ?? null;
}

/** Whole days from the assessment's date to `now`; negative for a date after today (UTC). */
export function assessmentAgeDays(assessedOn: string, now: number): number | null {
	const day = Date.parse(`${assessedOn}T00:00:00Z`);
	if (!Number.isFinite(day)) return null;
	return Math.floor((now - day) / 86_400_000);
}

/** Records a new attestation; earlier ones are kept. */
export function attestRiskAssessment(
	staff: StaffPrincipal,
	dialogueId: string,
	input: RiskAttestationInput,
	env?: ServiceEnv
): { id: string } {
	const { db, now } = resolveEnv(env);
	const data = parseInput(riskAttestationSchema, input);
	const id = randomUUID();
	db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		// The newest attestation counts: keep times strictly increasing (see saveCapacityReview).
		const previous = latestRiskAttestation(tx, dialogue.id);
		const attestedAt = previous ? Math.max(now, previous.attestedAt + 1) : now;
		tx.insert(riskAttestation)
			.values({
				id,
				dialogueId: dialogue.id,
				assessedOn: data.assessedOn,
				holderRole: data.holderRole,
				attestedBy: staff.id,
				attestedAt
			})
			.run();
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'risk.attest',
			targetType: 'dialogue',
			targetId: dialogue.id,
			detail: { attestationId: id, assessedOn: data.assessedOn },
			at: now
		});
	});
	return { id };
}

/** Every attestation of the dialogue, newest first. */
export function listRiskAttestations(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): RiskAttestationView[] {
	const { db } = resolveEnv(env);
	const { dialogue } = accessDialogue(db, staff, dialogueId);
	return attestationsOf(db, dialogue.id);
}
