import { m } from '$lib/paraglide/messages';

export const VALUE_NAMES = ['respect', 'relationship', 'responsibility'] as const;
export type ValueName = (typeof VALUE_NAMES)[number];

/** Translated label and one-line help of each value (the same everywhere it is shown). */
export const valueLabel: Record<ValueName, () => string> = {
	respect: () => m.value_respect(),
	relationship: () => m.value_relationship(),
	responsibility: () => m.value_responsibility()
};

export const valueHelp: Record<ValueName, () => string> = {
	respect: () => m.value_respect_help(),
	relationship: () => m.value_relationship_help(),
	responsibility: () => m.value_responsibility_help()
};
