/**
 * Suggested ground rules a facilitator starts from, in each language Hearth speaks. They are copied into the
 * dialogue and then edited there, so changing a template never changes a dialogue that used it. Drawn from
 * circle-process practice (Pranis) and the practice standards: speak for yourself, no names or labels,
 * confidentiality with its limits, pause and step out at any time, "can live with" rather than majority.
 */
export const GROUND_RULE_TEMPLATES = {
	en: [
		'Speak for yourself: say "I", not "they" or "everyone".',
		'Listen to understand, and let each person finish.',
		'Talk about worries and ideas, never attack a person. No names, no labels.',
		'What is said here stays here, unless someone’s safety is at risk.',
		'Anyone may ask for a pause, at any time.',
		'You may step out whenever you need to, and you are welcome back.',
		'It is fine to disagree. We look for what everyone can live with.',
		'Phones on silent. No photos and no recordings.'
	],
	nl: [
		'Spreek voor uzelf: zeg "ik", niet "zij" of "iedereen".',
		'Luister om te begrijpen, en laat iedereen uitpraten.',
		'Praat over zorgen en ideeën, val nooit een persoon aan. Geen namen, geen etiketten.',
		'Wat hier gezegd wordt, blijft hier, tenzij iemands veiligheid in gevaar is.',
		'Iedereen mag op elk moment om een pauze vragen.',
		'U mag altijd even naar buiten gaan, en u bent daarna weer welkom.',
		'Het oneens zijn mag. We zoeken naar wat iedereen kan dragen.',
		"Telefoons op stil. Geen foto's en geen opnames."
	]
} as const satisfies Record<string, readonly string[]>;

export type TemplateLocale = keyof typeof GROUND_RULE_TEMPLATES;

export function isTemplateLocale(value: string): value is TemplateLocale {
	return value in GROUND_RULE_TEMPLATES;
}
