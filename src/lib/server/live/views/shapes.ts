// live/views: read models; what each role sees, the facts a values check measures, aggregates and row shapes.
/**
 * Rows turned into what the API shows: the moderator's view of a contribution, and the public one (approved
 * text only, the redacted version when there is one). One place, so that a stream event and a view of the same
 * contribution can never disagree about what a phone may see.
 */
import type {
	ApprovedContribution,
	ContributionFlag,
	ModerationItem,
	ScreeningReason,
	ThemeSummary,
	TiedTo
} from '$lib/live/types';
import type { Figure } from '$lib/outcome/types';
import type { contribution, theme } from '../../db/schema';
import { reasonFlag, screenReasons } from '../phones/screening';

type ContributionRow = typeof contribution.$inferSelect;
type ThemeRow = typeof theme.$inferSelect;

const FLAGS: readonly ContributionFlag[] = ['personalData', 'threat'];

export function parseFlags(json: string): ContributionFlag[] {
	try {
		const value: unknown = JSON.parse(json);
		return Array.isArray(value) ? FLAGS.filter((f) => value.includes(f)) : [];
	} catch {
		return [];
	}
}

/** `tiedTo` is stored as `theme:<id>` or `need:<text>`, '' when untied. */
export function encodeTiedTo(tie: { themeId: string } | { need: string } | null): string {
	if (!tie) return '';
	return 'themeId' in tie ? `theme:${tie.themeId}` : `need:${tie.need}`;
}

export function decodeTiedTo(stored: string, themeTitles: ReadonlyMap<string, string>): TiedTo | null {
	if (stored.startsWith('theme:')) {
		const themeId = stored.slice('theme:'.length);
		const title = themeTitles.get(themeId);
		return title === undefined ? null : { kind: 'theme', themeId, title };
	}
	if (stored.startsWith('need:')) {
		const text = stored.slice('need:'.length);
		return text ? { kind: 'need', text } : null;
	}
	return null;
}

/**
 * What the screening sees in a flagged contribution, in detail: read again from the text (the stored flags are
 * what it saw on receipt), and only reasons behind a stored flag, so the detail never says more than the flag.
 */
function flaggedReasons(row: ContributionRow): ScreeningReason[] {
	const flags = parseFlags(row.flags);
	if (flags.length === 0) return [];
	const text = [row.text, row.proposedRole, row.resources].filter(Boolean).join('\n');
	return screenReasons(text).filter((reason) => flags.includes(reasonFlag(reason)));
}

export function toModerationItem(row: ContributionRow): ModerationItem {
	return {
		id: row.id,
		kind: row.kind,
		text: row.text,
		redactedText: row.redactedText,
		status: row.status,
		flags: parseFlags(row.flags),
		reasons: flaggedReasons(row),
		moderatorNote: row.moderatorNote,
		themeId: row.themeId,
		proposedRole: row.proposedRole,
		resources: row.resources,
		phase: row.phase,
		late: row.late,
		createdAt: row.createdAt
	};
}

/** The public form of an approved contribution. Never call it for one that is not approved. */
export function toApproved(
	row: ContributionRow,
	endorsements: Figure,
	themeTitles: ReadonlyMap<string, string>
): ApprovedContribution {
	return {
		id: row.id,
		kind: row.kind,
		text: row.redactedText ?? row.text,
		redacted: row.redactedText !== null,
		themeId: row.themeId,
		proposedRole: row.proposedRole,
		resources: row.resources,
		shortlisted: row.shortlisted,
		ownerRole: row.ownerRole,
		tiedTo: decodeTiedTo(row.tiedTo, themeTitles),
		endorsements
	};
}

export function toThemeSummary(row: ThemeRow): ThemeSummary {
	return {
		id: row.id,
		title: row.title,
		position: row.position,
		answer: row.answeredAt === null ? null : row.answer,
		answeredAt: row.answeredAt
	};
}
