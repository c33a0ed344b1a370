// live/phones: what phones send (contributions, endorsements, answers), its screening and limits, addresses.
/**
 * Screening of what phones submit, for the moderator. Every contribution is held for moderation anyway; these
 * flags say *why one needs a closer look*: it may identify someone (a name, a phone number, an email, a street
 * address, a postcode) or threaten someone. Heuristics in English and Dutch, tuned to flag rather than miss; a
 * flag never hides anything by itself: the facilitator decides.
 */
import type { ContributionFlag } from '$lib/live/types';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;

/** A run of digits with spaces, dots, dashes or brackets between them: 06-12345678, +44 7700 900123. */
const DIGIT_RUN = /\+?\d[\d\s().-]{6,}\d/g;

/** Nine digits or more: every Dutch and UK phone number has them, a date (8 digits) or a year does not. */
function looksLikePhoneNumber(text: string): boolean {
	for (const match of text.matchAll(DIGIT_RUN)) {
		if (match[0].replace(/\D/g, '').length >= 9) return true;
	}
	return false;
}

/** A Dutch postcode (1234 AB) or a UK one (SW1A 1AA, M1 1AE). */
const POSTCODE_NL = /\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b/;
const POSTCODE_UK = /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b/;

const STREET_WORDS = [
	// English
	'street',
	'st',
	'road',
	'rd',
	'lane',
	'avenue',
	'ave',
	'close',
	'drive',
	'way',
	'court',
	'crescent',
	'place',
	'square',
	'terrace',
	'gardens',
	'grove',
	// Dutch, usually the end of one word: Kerkstraat, Dorpsweg, Stationsplein
	'straat',
	'weg',
	'laan',
	'plein',
	'gracht',
	'kade',
	'singel',
	'dijk',
	'dreef',
	'steeg',
	'hof',
	'pad'
];
const DUTCH_SUFFIXES = [
	'straat',
	'weg',
	'laan',
	'plein',
	'gracht',
	'kade',
	'singel',
	'dijk',
	'dreef',
	'steeg'
];

/** "12 Baker Street", "Baker Street 12", "Kerkstraat 5", "Kerkstraat 5a". */
function looksLikeStreetAddress(text: string): boolean {
	const words = text.split(/[\s,]+/).filter(Boolean);
	for (let i = 0; i < words.length; i++) {
		const word = (words[i] ?? '').toLowerCase().replace(/[.,;:!?]+$/, '');
		const isStreetWord = STREET_WORDS.includes(word);
		const isDutchStreet = DUTCH_SUFFIXES.some((s) => word.length > s.length + 2 && word.endsWith(s));
		if (!isStreetWord && !isDutchStreet) continue;
		const after = words[i + 1] ?? '';
		const before = words[i - 2] ?? '';
		const house = /^\d{1,4}[a-z]?\b/i;
		if (house.test(after)) return true;
		// "12 Baker Street": the number stands before the name.
		if (isStreetWord && house.test(before)) return true;
	}
	return false;
}

/** Words that introduce a name: "named Ahmed", "called John", "his name is Jan", "heet Piet", "genaamd". */
const NAME_INTRO =
	/\b(?:named|called|name is|known as|goes by|heet|heten|genaamd|genoemd|naam is|bekend als)\s+(\p{Lu}[\p{L}'-]+)/u;

/** Capitalised words that start a sentence or are common nouns often capitalised: not a name on their own. */
const NOT_NAMES = new Set(
	[
		'i',
		'the',
		'a',
		'an',
		'he',
		'she',
		'they',
		'we',
		'it',
		'my',
		'our',
		'his',
		'her',
		'this',
		'that',
		'what',
		'when',
		'how',
		'why',
		'if',
		'and',
		'but',
		'de',
		'het',
		'een',
		'ik',
		'hij',
		'zij',
		'ze',
		'wij',
		'we',
		'mijn',
		'onze',
		'zijn',
		'haar',
		'dit',
		'dat',
		'wat',
		'wanneer',
		'hoe',
		'waarom',
		'als',
		'en',
		'maar',
		'god',
		'allah',
		'islam',
		'muslim',
		'moslim',
		'christian',
		'christen',
		'dutch',
		'nederland',
		'english',
		'monday',
		'tuesday',
		'wednesday',
		'thursday',
		'friday',
		'saturday',
		'sunday',
		'maandag',
		'dinsdag',
		'woensdag',
		'donderdag',
		'vrijdag',
		'zaterdag',
		'zondag',
		'syria',
		'syrië',
		'isis',
		'is'
	].map((w) => w.toLowerCase())
);

/** Dutch name particles inside a full name: Jan de Vries, Anne van den Berg. */
const PARTICLES = new Set([
	'van',
	'de',
	'der',
	'den',
	'ter',
	'ten',
	'het',
	"'t",
	'von',
	'da',
	'le',
	'la',
	'al',
	'el',
	'bin',
	'ibn'
]);

/**
 * Two or more capitalised words in a row that are not at the start of a sentence only by accident: "Jan de Vries",
 * "John Smith". A single capitalised word mid-sentence is too common (places, the club's name) to flag alone.
 */
function looksLikeFullName(text: string): boolean {
	const words = text.split(/\s+/).filter(Boolean);
	let run = 0;
	let sentenceStart = true;
	for (let i = 0; i < words.length; i++) {
		const raw = words[i] ?? '';
		const word = raw.replace(/^[("'“‘]+|[)"'”’.,;:!?]+$/g, '');
		const capitalised = /^\p{Lu}[\p{Ll}'-]+$/u.test(word) && !NOT_NAMES.has(word.toLowerCase());
		const particle = run > 0 && PARTICLES.has(word.toLowerCase());
		if (capitalised && !(sentenceStart && run === 0 && NOT_NAMES.has(word.toLowerCase()))) {
			run++;
			if (run >= 2) return true;
		} else if (!particle) {
			run = 0;
		}
		sentenceStart = /[.!?]$/.test(raw);
	}
	return false;
}

// Threats: violence aimed at someone. Whole words, so that "skill" or "skilled" does not match "kill".
// Words for worry ("another attack", "a bomb", "fall short") are left out on purpose: people name what they
// fear, and that is what this phase is for.
const THREATS_EN =
	/\b(?:kill(?:s|ed|ing)?|murder(?:s|ed)?|hurt(?:s|ing)?|burn(?:s|ed|ing)?|beat (?:him|her|them) up|stab(?:s|bed|bing)?|shoot (?:him|her|them)|lynch(?:ed)?|get rid of (?:him|her|them)|deserves? to die|should die|must die|(?:will|gonna|going to) (?:get|find) (?:him|her|them)|watch (?:his|her|their) back)\b/i;
const THREATS_NL =
	/\b(?:vermoord(?:en|t)?|doodmaken|dood maken|afmaken|maak (?:hem|haar|ze) af|kapotmaken|kapot maken|in elkaar slaan|neersteken|neerschieten|verbranden|in brand steken|opknopen|ophangen|moet dood|moet sterven|verdient de dood|verdient het te sterven|we pakken (?:hem|haar|ze)|wegjagen|eruit schoppen)\b/i;

/** "he is Ahmed", "his name was Jan": a capitalised word after is/was that is not a common word. */
const IS_NAME = /\b(?:is|was|heet|heette)\s+(\p{Lu}[\p{Ll}'-]+)/gu;

function namedAfterIs(text: string): boolean {
	for (const match of text.matchAll(IS_NAME)) {
		if (!NOT_NAMES.has((match[1] ?? '').toLowerCase())) return true;
	}
	return false;
}

/** Why a text needs a closer look; empty for an ordinary worried sentence. */
export function screenText(text: string): ContributionFlag[] {
	const flags: ContributionFlag[] = [];
	const personal =
		EMAIL.test(text) ||
		looksLikePhoneNumber(text) ||
		POSTCODE_NL.test(text) ||
		POSTCODE_UK.test(text) ||
		looksLikeStreetAddress(text) ||
		NAME_INTRO.test(text) ||
		namedAfterIs(text) ||
		looksLikeFullName(text);
	if (personal) flags.push('personalData');
	if (THREATS_EN.test(text) || THREATS_NL.test(text)) flags.push('threat');
	return flags;
}
