// live/phones: what phones send (contributions, endorsements, answers), its screening and limits, addresses.
/**
 * Screening of what phones submit, for the moderator. Every contribution is held for moderation anyway; these
 * flags say *why one needs a closer look*: it may identify someone (a name, a phone number, an email, a street
 * address, a postcode, a house number, a social-media handle) or threaten or dehumanise someone, openly or veiled.
 * Heuristics in English and Dutch, measured on a labelled corpus (`screening-corpus.json`, docs/screening.md); a
 * flag never hides anything by itself: the facilitator decides.
 */
import type { ContributionFlag, ScreeningReason } from '$lib/live/types';

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

/** What Dutch street names end in (Kerkstraat, Dorpsweg, Stationsplein). */
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
	...DUTCH_SUFFIXES,
	'hof',
	'pad'
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

/** Words that make a run of capitalised words the name of a place or an organisation, not of a person. */
const INSTITUTION_WORDS = new Set(
	[
		'church',
		'school',
		'street',
		'road',
		'lane',
		'centre',
		'center',
		'club',
		'service',
		'services',
		'watch',
		'council',
		'hall',
		'park',
		'station',
		'mosque',
		'library',
		'police',
		'mail',
		'news',
		'times',
		'kerk',
		'moskee',
		'school',
		'gemeente',
		'politie',
		'buurthuis',
		'bibliotheek',
		'station'
	].map((w) => w.toLowerCase())
);
const ARTICLES = new Set(['a', 'an', 'the', 'de', 'het', 'een']);

/**
 * Two or more capitalised words in a row that are not at the start of a sentence only by accident: "Jan de Vries",
 * "John Smith". A single capitalised word mid-sentence is too common (places, the club's name) to flag alone, and
 * a run after an article ("the Probation Service", "a Neighbourhood Watch") or holding a word like Church or
 * School names an organisation or a place.
 */
function looksLikeFullName(text: string): boolean {
	const words = text.split(/\s+/).filter(Boolean);
	let run: string[] = [];
	let afterArticle = false;
	// A run is judged when it ends, so that "St Mary's Church" is seen whole.
	const endRun = (): boolean => {
		const person =
			run.length >= 2 && !afterArticle && !run.some((w) => INSTITUTION_WORDS.has(w.toLowerCase()));
		run = [];
		return person;
	};
	for (let i = 0; i < words.length; i++) {
		const raw = words[i] ?? '';
		const word = raw.replace(/^[("'“‘]+|[)"'”’.,;:!?]+$/g, '').replace(/['’]s$/, '');
		const lower = word.toLowerCase();
		const capitalised = /^\p{Lu}[\p{Ll}'-]+$/u.test(word) && !NOT_NAMES.has(lower);
		const particle = run.length > 0 && PARTICLES.has(lower);
		if (capitalised) {
			if (run.length === 0) afterArticle = ARTICLES.has((words[i - 1] ?? '').toLowerCase());
			run.push(word);
		} else if (!particle && endRun()) {
			return true;
		}
		// A new sentence starts a new run: "…on Fridays? Some people…" is not a name.
		if (/[.!?]$/.test(raw) && endRun()) return true;
	}
	return endRun();
}

/**
 * A house number with a person or a household: "Ahmed at number 12", "the family at no. 14", "Kees op nr. 8",
 * "bij Fatima op huisnummer 31". In a neighbourhood a house number alone points at one family. "Op nummer 1 staat
 * voor mij…" (first on my list) has no person or household before it and is left alone.
 */
const HOUSE_NUMBER =
	/(\p{L}+)[\s,]+(?:at|on|from|in|of|op|van|bij|aan)\s+(?:the\s+)?(?:number|no\.?|nr\.?|nummer|huisnummer)\s*\d{1,4}[a-z]?\b/giu;
const HOUSEHOLD_WORDS =
	/\b(?:family|household|neighbours?|house|home|lives?|living|stays?|staying|gezin|familie|buren|buurman|buurvrouw|huis|woont|wonen|woning)\b/i;

function looksLikeHouseNumber(text: string): boolean {
	if (/\bhuisnummer\s*\d/i.test(text)) return true;
	for (const match of text.matchAll(HOUSE_NUMBER)) {
		const before = match[1] ?? '';
		const isName = /^\p{Lu}\p{Ll}/u.test(before) && !NOT_NAMES.has(before.toLowerCase());
		if (isName || HOUSEHOLD_WORDS.test(text)) return true;
	}
	return false;
}

/**
 * Where someone lives, described without a number: a home word with a landmark ("the flat above the chip shop",
 * "het huis naast de Albert Heijn", "the white house at the end of Church Lane") or with a street name ("his mum
 * lives on Elm Grove", "woont aan de Lindelaan"). Where someone *will* live is exactly what a frightened room wants
 * to know and must not learn from the wall; a public building on a street ("de moskee aan de Stationsweg") is not a
 * home and is left alone.
 */
const HOME_WORDS =
	/\b(?:lives?|living|lived|stays?|staying|sleeps?|sleeping|caravan|moving into|move into|house|home|flat|apartment|woont|wonen|woon|woonde|huis|woning|flat|appartement|bovenwoning|benedenwoning|slaapt|slapen)\b/i;
const LANDMARK =
	/\b(?:above|below|over|next to|next door to|opposite|across from|across the road from|behind|at the end of|on the corner of|boven|onder|naast|tegenover|achter|aan het eind van|aan het einde van|op de hoek van|(?:first|second|third|top|ground) floor|(?:eerste|tweede|derde|vierde|bovenste) verdieping)\b/i;

function looksLikeStreetName(text: string): boolean {
	const words = text.split(/[\s,]+/).filter(Boolean);
	return words.some((raw, i) => {
		const word = raw.replace(/[.,;:!?]+$/, '');
		const lower = word.toLowerCase();
		const dutchStreet =
			/^\p{Lu}/u.test(word) && DUTCH_SUFFIXES.some((s) => lower.length > s.length + 2 && lower.endsWith(s));
		const previous = (words[i - 1] ?? '').replace(/[.,;:!?]+$/, '');
		const englishStreet =
			STREET_WORDS.includes(lower) && /^\p{Lu}/u.test(word) && /^\p{Lu}\p{Ll}/u.test(previous);
		return dutchStreet || englishStreet;
	});
}

function looksLikeDescribedHome(text: string): boolean {
	return text
		.split(/(?<=[.!?])\s+/)
		.some(
			(sentence) => HOME_WORDS.test(sentence) && (LANDMARK.test(sentence) || looksLikeStreetName(sentence))
		);
}

/**
 * A social-media handle or profile: "@abu_freedom99", "tiktok.com/@karim.real", "facebook.com/john.smith",
 * "his snapchat: lionheart_2001". An email address has letters before its "@" and is caught as an email.
 */
const HANDLE = /(?:^|[\s(/:,])@[\p{L}\d_][\p{L}\d_.]{1,}/u;
const PROFILE_URL =
	/\b(?:facebook|fb|instagram|tiktok|twitter|x|snapchat|linkedin|youtube|threads|telegram)\.(?:com|me|net)\/\S+|\bt\.me\/\S+/i;
const PLATFORM_NAME =
	/\b(?:insta(?:gram)?|snap(?:chat)?|tiktok|twitter|telegram|facebook|youtube|discord)\b\s*(?::|=|is|heet|naam is)\s*@?[\p{L}\d_.]*[\d_][\p{L}\d_.]*/iu;

// Threats: violence aimed at someone. Whole words, and aimed at a person or their home, so that "kill time",
// "burned out" or "get hurt by the gossip" do not match. Words for worry ("another attack", "a bomb") are left out
// on purpose: people name what they fear, and that is what this phase is for.
const THREATS_EN =
	/\b(?:kill(?:s|ed|ing)? (?:him|her|them|you|everyone|all of them|that|those|these|the lot)|murder (?:him|her|them)|hurt (?:him|her|them)|burn(?:s|ed|ing)? (?:down )?(?:him|her|them|his|her|their|the) ?(?:house|home|place|flat|car|shop)?|beat (?:him|her|them) up|stab(?:s|bed|bing)? (?:him|her|them)|shoot (?:him|her|them)|lynch(?:ed)?|get rid of (?:him|her|them)|deserves? to die|should die|must die|(?:will|gonna|going to) (?:get|find) (?:him|her|them)|watch (?:his|her|their) back)\b/i;
const THREATS_NL =
	/\b(?:vermoord(?:en|t)?|doodmaken|dood maken|afmaken|maak (?:ik |we |je )?(?:hem|haar|ze) af|kapotmaken|kapot maken|in elkaar slaan|neersteken|neerschieten|verbranden|in brand steken|steken (?:\p{L}+ ){1,3}in brand|steek (?:\p{L}+ ){1,3}in brand|opknopen|ophangen|moet dood|moet sterven|verdient de dood|verdient het te sterven|we pakken (?:hem|haar|ze)|wegjagen|eruit schoppen)\b/iu;

/**
 * Veiled threats: no violent word, but a message to someone that harm is coming. These are what a hostile phone
 * writes to get past a word list, and what the safeguarding route is for.
 */
const VEILED_EN =
	/\b(?:(?:better|should|had better|'d better) watch (?:out|(?:his|her|their) (?:back|step))|we know where (?:he|she|they) (?:lives?|stays?|sleeps?)|accidents happen|(?:shame|pity) if something (?:happened|happens|were to happen) to|make (?:his|her|their) life (?:hell|a misery)|make life hell for|pay (?:him|her|them) a (?:little )?visit|(?:won't|will not|wouldn't|would not) last (?:a|one|more than a) (?:day|week|month)|if the police (?:won't|will not|don't|do not|can't|cannot)[^.!?]*\bwe (?:will|'ll)|(?:he|she|they)(?:'ll| will) (?:regret|be sorry)|(?:his|her|their) days (?:here )?are numbered|teach (?:him|her|them) a lesson|sleep with one eye open|(?:won't|will not|wouldn't|not) (?:feel |be )?welcome (?:here )?for long|(?:break|smash) (?:his|her|their) (?:legs|arms|neck|face|nose|bones|windows))/i;
const VEILED_NL =
	/\b(?:moet (?:maar )?(?:goed |heel goed )?oppassen|kan (?:maar )?beter oppassen|we weten waar (?:hij|zij|ze) (?:woont|wonen|slaapt)|ongelukken? (?:gebeuren|is zo gebeurd)|zonde als er iets (?:met|aan) (?:zijn|haar|hun)|(?:maken|maak) het (?:hem|haar|ze|hun) (?:hier )?onmogelijk|het leven zuur maken|(?:hem|haar|ze) (?:eens |een keer )?een bezoekje brengen|als de politie het niet (?:regelt|doet|oplost)[^.!?]*\bdoen wij het|(?:hij|zij|ze) zal (?:het|er) spijt van krijgen|zijn dagen zijn geteld|(?:hem|haar|ze) (?:nog )?(?:wel )?(?:eens |een keer )?een lesje leren|een lesje leren|met één oog open slapen|niet lang welkom|(?:breken|breek|slaan) (?:we |ik |ze )?(?:zijn|haar|hun) (?:benen|armen|nek|gezicht|neus|ruiten))/i;

/**
 * Dehumanising words: calling people vermin is how violence against them is made thinkable. Words that mean
 * nothing else are flagged anywhere; words that also name real animals ("rats in the bins") only when said of
 * people, and not when the sentence says *not* to ("we should not treat anyone like an animal").
 */
const DEHUMANISING_ALWAYS =
	/\b(?:vermin|scum|subhumans?|cockroach(?:es)?|parasites?|untermensch(?:en)?|ongedierte|uitschot|tuig|gespuis|schorem|kakkerlakken|parasieten|onmensen)\b/i;
const DEHUMANISING_SAID_OF_PEOPLE =
	/\b(?:he|she|they|them|him|people|those|these|hij|zij|ze|die|zulke mensen|dat soort mensen|het)(?:\s+(?:is|are|zijn)|['’](?:s|re))\s+(?:a |an |een |just |all |nothing but |allemaal |gewoon )?(?:animals?|beasts?|rats?|pigs?|dogs?|trash|garbage|(?:a )?disease|(?:a )?plague|(?:a )?cancer|ziekte|plaag|kanker|beesten|beest|ratten|rat|varkens|honden|dieren|afval)\b/i;
const NEGATION = /\b(?:not|never|no one|nobody|don't|shouldn't|mustn't|niet|nooit|niemand|geen)\b/i;

/**
 * Violence aimed at a person or their home, in words no list of phrases foresees: a violent verb with "him", "his
 * windows", "that flat" in the same sentence ("I'll smash his face in", "iemand moet die flat in de fik steken").
 * Fear is not a threat: a sentence that says someone is afraid or asks "what if" is left alone.
 */
const VIOLENT =
	/\b(?:smash(?:ed)?|torch(?:ed)?|set fire|firebomb|petrol bomb|punch(?:ed)?|kick(?:ed)? (?:in|down)|beat(?:en)?|attack(?:ed)?|jump(?:ed)?|stab(?:bed)?|shoot|shot|kill(?:ed)?|burn(?:t|ed)?|broken?|break|wreck(?:ed)?|slaan|sla|slaat|in elkaar|schoppen|trappen|ingooien|ingegooid|gooien|aanvallen|neersteken|steken|fik|brand|kapot|slopen|afmaken|pakken)\b/i;
const TARGET =
	/\b(?:him|her|them|his|their|that (?:flat|house|home|car|place)|hem|haar|ze|zijn|hun|die (?:flat|woning|auto|kamer)|dat huis)\b/i;
const FEAR =
	/\b(?:afraid|scared|fear|worried|worry|what if|bang|zorgen|angst|wat als|don't want|niet willen|wil niet|wil ook niet|nobody should|niemand mag|must not|mogen niet|moeten geen)\b|\?/i;

function aimsViolence(text: string): boolean {
	return text
		.split(/(?<=[.!?])\s+/)
		.some((sentence) => VIOLENT.test(sentence) && TARGET.test(sentence) && !FEAR.test(sentence));
}

function dehumanises(text: string): boolean {
	return text.split(/(?<=[.!?])\s+/).some((sentence) => {
		if (DEHUMANISING_ALWAYS.test(sentence)) return true;
		const match = DEHUMANISING_SAID_OF_PEOPLE.exec(sentence);
		return match !== null && !NEGATION.test(sentence.slice(0, match.index));
	});
}

/** A first name after a family or neighbour word: "his ex-wife Samira", "zijn zus, Ayşe". */
const RELATION_NAME =
	/\b(?:wife|husband|ex|ex-wife|ex-husband|partner|son|daughter|brother|sister|mother|mum|mom|father|dad|cousin|uncle|aunt|friend|girlfriend|boyfriend|neighbour|vrouw|man|zoon|dochter|broer|zus|zuster|moeder|vader|neef|nicht|oom|tante|vriend|vriendin|buurman|buurvrouw)\b,?\s+(\p{Lu}\p{Ll}[\p{L}'-]*)/gu;

function namedAfterRelation(text: string): boolean {
	for (const match of text.matchAll(RELATION_NAME)) {
		if (!NOT_NAMES.has((match[1] ?? '').toLowerCase())) return true;
	}
	return false;
}

/** "he is Ahmed", "his name was Jan": a capitalised word after is/was that is not a common word. */
const IS_NAME = /\b(?:is|was|heet|heette)\s+(\p{Lu}[\p{Ll}'-]+)/gu;

function namedAfterIs(text: string): boolean {
	for (const match of text.matchAll(IS_NAME)) {
		if (!NOT_NAMES.has((match[1] ?? '').toLowerCase())) return true;
	}
	return false;
}

/** What in a text made the screening flag it, for the moderator: one reason per kind found. */
export type { ScreeningReason };

const REASON_FLAG: Record<ScreeningReason, ContributionFlag> = {
	name: 'personalData',
	contact: 'personalData',
	address: 'personalData',
	houseNumber: 'personalData',
	handle: 'personalData',
	threat: 'threat',
	veiledThreat: 'threat',
	dehumanising: 'threat'
};

/** The flag a detailed reason belongs to. */
export function reasonFlag(reason: ScreeningReason): ContributionFlag {
	return REASON_FLAG[reason];
}

/** Why a text needs a closer look, in detail; empty for an ordinary worried sentence. */
export function screenReasons(text: string): ScreeningReason[] {
	const reasons: ScreeningReason[] = [];
	if (NAME_INTRO.test(text) || namedAfterIs(text) || namedAfterRelation(text) || looksLikeFullName(text))
		reasons.push('name');
	if (EMAIL.test(text) || looksLikePhoneNumber(text)) reasons.push('contact');
	if (
		POSTCODE_NL.test(text) ||
		POSTCODE_UK.test(text) ||
		looksLikeStreetAddress(text) ||
		looksLikeDescribedHome(text)
	)
		reasons.push('address');
	if (looksLikeHouseNumber(text)) reasons.push('houseNumber');
	if (HANDLE.test(text) || PROFILE_URL.test(text) || PLATFORM_NAME.test(text)) reasons.push('handle');
	if (THREATS_EN.test(text) || THREATS_NL.test(text) || aimsViolence(text)) reasons.push('threat');
	if (VEILED_EN.test(text) || VEILED_NL.test(text)) reasons.push('veiledThreat');
	if (dehumanises(text)) reasons.push('dehumanising');
	return reasons;
}

/** Why a text needs a closer look; empty for an ordinary worried sentence. */
export function screenText(text: string): ContributionFlag[] {
	const reasons = screenReasons(text);
	return (['personalData', 'threat'] as const).filter((flag) =>
		reasons.some((reason) => REASON_FLAG[reason] === flag)
	);
}
