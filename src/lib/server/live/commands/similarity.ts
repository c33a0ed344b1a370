// live/commands: what staff do to a running session; the commands entry point and the services behind it.
/**
 * Suggested groupings of concerns, the groups a person would see. Plain and predictable on purpose, in two steps:
 *
 * 1. **Topics.** The worries a receiving community voices fall under a few topics (children and school, safety and
 *    the police, work, housing and the street, faith, extremist ideas, rumours and the press, support for him and
 *    his family). Each topic has its words in English and Dutch (`TOPICS`); a concern whose words point to one
 *    topic more than to any other joins that topic's group, even when it shares no word with the others ("I don't
 *    feel safe at night" and "Will the police know where he is?").
 * 2. **Alike words.** Concerns that point to no topic are grouped by how alike their words are: normalised words
 *    without the commonest English and Dutch ones, a light suffix trim, cosine similarity of word counts and
 *    single-link grouping above a threshold.
 *
 * Measured on labelled concerns in English and Dutch (theme-corpus.json, docs/themes.md). The facilitator accepts
 * or ignores a suggestion; nothing is grouped automatically.
 */

const STOP_WORDS = new Set(
	// English
	(
		'a an and are as at be been but by can could do does for from had has have he her him his how i if in into ' +
		'is it its just me more my no not of on or our out so some that the their them then there these they this ' +
		'to too up us very was we were what when where which who why will with would you your about also am any ' +
		'because being did get got going if im its much only over really still such than us want worried worry ' +
		'afraid think feel feels people someone something ' +
		// Dutch
		'aan al alles als bij ben dan dat de der des die dit doen door dus een eens en er ga gaan geen had heb ' +
		'hebben heeft hem het hier hij hoe hun ik in is ja je jij kan kon kunnen maar me meer men met mij mijn ' +
		'moet na naar niet niets nog nu of om omdat onder ons ook op over te tegen toch tot u uit van veel voor ' +
		'waar wat we wel werd wie wil worden wordt zal ze zei zelf zich zij zijn zo zou zorgen bang denk voel ' +
		'mensen iemand iets'
	).split(' ')
);

/** Lower-cased words of three letters or more, stop words out, common plural/verb endings trimmed. */
export function tokens(text: string): string[] {
	return (
		text
			.toLowerCase()
			.normalize('NFKD')
			.replace(/\p{M}/gu, '')
			.match(/\p{L}+/gu) ?? []
	)
		.filter((w) => w.length >= 3 && !STOP_WORDS.has(w))
		.map(stem);
}

/** A very light stemmer: enough that "child"/"children", "school"/"schools", "kind"/"kinderen" meet. */
function stem(word: string): string {
	for (const suffix of ['eren', 'ren', 'ing', 'ies', 'es', 'en', 's']) {
		if (word.length - suffix.length >= 4 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
	}
	return word;
}

/**
 * The words of each topic, lower case without accents. A word of a concern matches a root when it is the root, or
 * starts with it where the root ends in `*`, or (roots of six letters or more) holds it, so that Dutch compounds
 * meet their parts (moskeebestuur, woningcorporatie, wijkagent). Chosen on the tuning half of theme-corpus.json.
 */
const TOPICS: Record<string, string[]> = Object.fromEntries(
	Object.entries({
		children:
			'child* kid kids kinder* kind school* pupil* teacher* leraar leraren playground speeltuin teen* ' +
			'youth jeugd* daughter* son sons zoon dochter* boys girls parents ouders basisschool',
		safety:
			'police politie safe safety unsafe veilig* onveilig* patrol* surveillance toezicht* probation ' +
			'reclassering check checks monitor* camera* wijkagent agent danger* gevaar* release conditions ' +
			'afspraken eye oogje',
		work:
			'job jobs baan banen work works workers werk werkt werkgever* werkloos* employ* unemploy* hire ' +
			'income inkomen training opleiding* apprentice* leerplek* factory fabriek wage* salary busy',
		home:
			'flat flats house houses housing huis huizen woning* wonen woont street straat neighbours ' +
			'neighbors buren tenant* huurder* rent huur* landlord huisbaas block portiek bewoner*',
		faith:
			'mosque moskee* imam muslim* moslim* islam* church* kerk* religion religi* faith ' +
			'geloofsgemeenschap* vicar dominee priest pastoor synagog*',
		ideology:
			'extrem* radical* radica* deradical* recruit* ronsel* propaganda ideolog* ideas ideeen views ' +
			'denkbeeld* jihad* strijd violent geweld* online forum* fora',
		rumours:
			'rumour* rumor* gerucht* facebook whatsapp instagram tiktok app appgroep* newspaper* krant* ' +
			'press pers journalist* media gossip* roddel* geroddeld film omroep post posts bericht* stories ' +
			'verhalen',
		support:
			'help helpen hulp support steun mentor* buddy maatje volunteer* vrijwillig* family familie ' +
			'mother moeder sister zus coach begeleid* settle'
	}).map(([topic, roots]) => [topic, roots.split(' ')])
);

function matchesRoot(word: string, root: string): boolean {
	if (root.endsWith('*')) return word.startsWith(root.slice(0, -1));
	return word === root || (root.length >= 6 && word.includes(root));
}

/** The topic most words of a text point to, or null when none does or two tie. */
export function topicOf(text: string): string | null {
	const words =
		text
			.toLowerCase()
			.normalize('NFKD')
			.replace(/\p{M}/gu, '')
			.match(/\p{L}+/gu) ?? [];
	const scores = Object.entries(TOPICS)
		.map(([topic, roots]) => ({
			topic,
			n: words.filter((w) => roots.some((root) => matchesRoot(w, root))).length
		}))
		.filter(({ n }) => n > 0)
		.sort((a, b) => b.n - a.n);
	const [first, second] = scores;
	if (!first || (second && second.n === first.n)) return null;
	return first.topic;
}

function counts(words: string[]): Map<string, number> {
	const map = new Map<string, number>();
	for (const w of words) map.set(w, (map.get(w) ?? 0) + 1);
	return map;
}

/** Cosine similarity of two word-count vectors (0 when either is empty). */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
	let dot = 0;
	let na = 0;
	let nb = 0;
	for (const [w, n] of a) {
		na += n * n;
		dot += n * (b.get(w) ?? 0);
	}
	for (const n of b.values()) nb += n * n;
	return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export interface TextItem {
	id: string;
	text: string;
}

export interface Grouping {
	ids: string[];
	/** The words most of the group shares, as a starting title. */
	words: string[];
}

/**
 * Groups of two or more items whose texts are alike (cosine ≥ `threshold` with at least one other member),
 * largest first. Items alike with nothing are left out: they are not a suggestion.
 */
export function groupBySimilarity(items: TextItem[], threshold = 0.3): Grouping[] {
	const vectors = items.map((item) => counts(tokens(item.text)));
	// Union-find over the items: single-link clustering.
	const parent = items.map((_, i) => i);
	const find = (i: number): number => {
		let root = i;
		while (parent[root] !== root) root = parent[root] ?? root;
		parent[i] = root;
		return root;
	};
	for (let i = 0; i < items.length; i++) {
		for (let j = i + 1; j < items.length; j++) {
			const a = vectors[i];
			const b = vectors[j];
			if (a && b && cosine(a, b) >= threshold) parent[find(j)] = find(i);
		}
	}
	const groups = new Map<number, number[]>();
	for (let i = 0; i < items.length; i++) {
		const root = find(i);
		groups.set(root, [...(groups.get(root) ?? []), i]);
	}
	return [...groups.values()]
		.filter((members) => members.length >= 2)
		.map((members) => ({
			ids: members.map((i) => items[i]?.id ?? ''),
			words: titleWords(members.map((i) => vectors[i] ?? new Map()))
		}))
		.sort((x, y) => y.ids.length - x.ids.length);
}

/**
 * A starting title: the words used by the most members (each member counted once per word), those of two members
 * or more first; at most three.
 */
function titleWords(vectors: Map<string, number>[]): string[] {
	const shared = new Map<string, number>();
	for (const vector of vectors) for (const w of vector.keys()) shared.set(w, (shared.get(w) ?? 0) + 1);
	const ranked = [...shared.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
	const common = ranked.filter(([, n]) => n >= 2);
	return (common.length > 0 ? common : ranked.slice(0, 1)).slice(0, 3).map(([w]) => w);
}

/**
 * What "suggest groupings" offers: a group per topic that two or more concerns point to, then groups of the
 * remaining concerns by alike words; largest first.
 */
export function suggestGroupings(items: TextItem[]): Grouping[] {
	const byTopic = new Map<string, TextItem[]>();
	const rest: TextItem[] = [];
	for (const item of items) {
		const topic = topicOf(item.text);
		if (topic) byTopic.set(topic, [...(byTopic.get(topic) ?? []), item]);
		else rest.push(item);
	}
	const topical: Grouping[] = [];
	for (const members of byTopic.values()) {
		if (members.length < 2) {
			rest.push(...members);
			continue;
		}
		const vectors = members.map((m) => counts(tokens(m.text)));
		topical.push({ ids: members.map((m) => m.id), words: titleWords(vectors) });
	}
	return [...topical, ...groupBySimilarity(rest)].sort((x, y) => y.ids.length - x.ids.length);
}
