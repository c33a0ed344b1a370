/**
 * The consent gradients, the check-out questions and the commitments in words, the same on the phone, the
 * projector and the console. Mapped statically: a dynamic `m[key]` lookup would pull every message of the app
 * into the phone's small bundle.
 */
import { formatDay } from '$lib/format/day';
import type { CheckOutPrompt, ConsentGradient, PublicCommitment } from '$lib/live/types';
import type { Figure } from '$lib/outcome/types';
import { m } from '$lib/paraglide/messages';

/** A proposal's support in words: a number only from the minimum group size up (null below it, rule 1). */
export function supportText(endorsements: Figure): string {
	return endorsements === null
		? m.live_status_support_hidden()
		: m.live_status_support_count({ count: endorsements });
}

export function gradientLabel(gradient: ConsentGradient): string {
	switch (gradient) {
		case 'fullySupport':
			return m.outcome_gradient_fullySupport();
		case 'canLiveWith':
			return m.outcome_gradient_canLiveWith();
		case 'haveConcerns':
			return m.outcome_gradient_haveConcerns();
		case 'cannotLiveWith':
			return m.outcome_gradient_cannotLiveWith();
	}
}

/** A check-out question as the phone asks it ("I felt safe"). */
export function checkOutLabel(prompt: CheckOutPrompt): string {
	switch (prompt) {
		case 'checkOut.safe':
			return m.agr_phone_checkout_safe();
		case 'checkOut.heard':
			return m.agr_phone_checkout_heard();
		case 'checkOut.respected':
			return m.agr_phone_checkout_respected();
		case 'checkOut.fair':
			return m.agr_phone_checkout_fair();
		case 'checkOut.nextSteps':
			return m.agr_phone_checkout_next_steps();
		case 'checkOut.recommend':
			return m.agr_phone_checkout_recommend();
	}
}

/** One line under a commitment: "Who", "By when" or "How we check", and whether it is still to be decided. */
export interface CommitmentDetail {
	key: 'who' | 'when' | 'review';
	label: string;
	value: string;
	missing: boolean;
}

/** A commitment as the room reads it: what is done (or that it is still being written), and the lines under it. */
export function commitmentText(
	c: PublicCommitment,
	locale: string
): { action: string; actionMissing: boolean; details: CommitmentDetail[] } {
	const undecided = m.agr_phone_not_decided();
	const details: CommitmentDetail[] = [
		{ key: 'who', label: m.agr_phone_who(), value: c.ownerRole || undecided, missing: !c.ownerRole },
		{
			key: 'when',
			label: m.agr_phone_when(),
			value: c.dueOn ? formatDay(c.dueOn, locale) : undecided,
			missing: !c.dueOn
		}
	];
	if (c.reviewHow)
		details.push({ key: 'review', label: m.agr_phone_review(), value: c.reviewHow, missing: false });
	return { action: c.action || m.agr_phone_action_missing(), actionMissing: !c.action, details };
}
