import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import {
	capacityFormValues,
	capacityReviewSchema,
	cleanLine,
	cleanText,
	dialogueDetailsSchema,
	dialogueStatusSchema,
	facilitatorsSchema,
	fieldErrors,
	formValues,
	groundRuleSchema,
	impartialitySchema,
	isoDay,
	knowledgeItemSchema,
	newDialogueSchema,
	parseWith,
	riskAttestationSchema,
	safetyPlanSchema,
	sessionPlanSchema,
	settingsSchema,
	stakeholderGroupSchema
} from '.';

const SCRIPT = '<script>alert("x")</script>';
const IMG = 'Hello <img src=x onerror=alert(1)>';
const CONTROL = 'Safe\u0000 te\u0007xt\u001b\u202e';

interface TextFieldCase {
	field: string;
	max: number;
	required: boolean;
	multiline: boolean;
}

interface FormCase {
	name: string;
	schema: v.GenericSchema;
	/** An input that passes. */
	valid: Record<string, unknown>;
	/** Its plain-text fields. */
	texts: TextFieldCase[];
}

const text = (field: string, max: number, required = false, multiline = false): TextFieldCase => ({
	field,
	max,
	required,
	multiline
});

/** Every form schema with a valid input and its text fields. */
const FORMS: FormCase[] = [
	{
		name: 'new dialogue',
		schema: newDialogueSchema,
		valid: { codename: 'Willow', place: 'North', communityKind: 'Street', description: 'About', leadId: '' },
		texts: [text('place', 120), text('communityKind', 80), text('description', 2000, false, true)]
	},
	{
		name: 'dialogue details',
		schema: dialogueDetailsSchema,
		valid: { codename: 'Willow', place: '', communityKind: '', description: '' },
		texts: [text('place', 120), text('communityKind', 80), text('description', 2000, false, true)]
	},
	{
		name: 'stakeholder group',
		schema: stakeholderGroupSchema,
		valid: { name: 'Neighbours', decision: 'pending' },
		texts: [
			text('name', 80, true),
			text('message', 1000, false, true),
			text('timing', 120),
			text('messenger', 120),
			text('decisionNote', 500, false, true)
		]
	},
	{
		name: 'knowledge item',
		schema: knowledgeItemSchema,
		valid: { title: 'What is rehabilitation?', body: 'Short text' },
		texts: [text('title', 120, true)]
	},
	{
		name: 'knowledge item (body)',
		schema: knowledgeItemSchema,
		valid: { title: 'Link only', url: 'https://example.org', body: 'x' },
		texts: [text('body', 2000, false, true)]
	},
	{
		name: 'ground rule',
		schema: groundRuleSchema,
		valid: { text: 'Speak for yourself.' },
		texts: [text('text', 300, true, true)]
	},
	{
		name: 'risk attestation',
		schema: riskAttestationSchema,
		valid: { confirmed: 'on', assessedOn: '2024-05-01', holderRole: 'Probation officer' },
		texts: [text('holderRole', 120, true)]
	},
	{
		name: 'safety plan',
		schema: safetyPlanSchema,
		valid: { pauseBy: 'Both facilitators', stepOut: 'Garden room', safetyNotes: '' },
		texts: [
			text('pauseBy', 500, true, true),
			text('stepOut', 500, true, true),
			text('safetyNotes', 2000, false, true)
		]
	},
	{
		name: 'session plan',
		schema: sessionPlanSchema,
		valid: { scheduledFor: '2030-01-01', venue: 'Community hall' },
		texts: [
			text('venue', 200),
			text('openingCeremony', 2000, false, true),
			text('closingCeremony', 2000, false, true),
			text('seating', 1000, false, true),
			text('accessibility', 1000, false, true)
		]
	},
	{
		name: 'impartiality',
		schema: impartialitySchema,
		valid: { confirmed: 'on', note: '' },
		texts: [text('note', 1000, false, true)]
	}
];

function errorsOf(schema: v.GenericSchema, input: unknown): Record<string, string> {
	const result = parseWith(schema, input);
	return result.ok ? {} : result.errors;
}

function outputOf(schema: v.GenericSchema, input: unknown): Record<string, unknown> {
	const result = parseWith(schema, input);
	if (!result.ok) throw new Error(`expected to pass: ${JSON.stringify(result.errors)}`);
	return result.value as Record<string, unknown>;
}

describe.each(FORMS)('$name form', ({ schema, valid, texts }) => {
	it('accepts the valid input', () => {
		expect(errorsOf(schema, valid)).toEqual({});
	});

	it('ignores fields it does not know', () => {
		expect(outputOf(schema, { ...valid, injected: 'x', __proto__x: 1 })).not.toHaveProperty('injected');
	});

	it.each(texts)('$field: too long gives a clear message with the limit', ({ field, max }) => {
		expect(errorsOf(schema, { ...valid, [field]: 'a'.repeat(max + 1) })[field]).toBe(
			// The figures as the reader's language writes them (Intl.NumberFormat): "2,000" in English.
			`This is too long: use at most ${max.toLocaleString('en')} characters (now ${(max + 1).toLocaleString('en')}).`
		);
		expect(errorsOf(schema, { ...valid, [field]: 'a'.repeat(max) })[field]).toBeUndefined();
	});

	it.each(texts)('$field: HTML is refused in plain words', ({ field }) => {
		for (const hostile of [SCRIPT, IMG, '<!-- x -->', '</b>']) {
			expect(errorsOf(schema, { ...valid, [field]: hostile })[field]).toMatch(/^Please write plain text/);
		}
		// A lone "<" in a sentence is not markup.
		expect(errorsOf(schema, { ...valid, [field]: 'fewer than <5 people' })[field]).toBeUndefined();
	});

	it.each(texts)('$field: control and invisible characters are removed, not stored', ({ field }) => {
		const output = outputOf(schema, { ...valid, [field]: CONTROL });
		expect(output[field]).toBe('Safe text');
	});

	it.each(texts)(
		'$field: empty is refused when required, stored as empty otherwise',
		({ field, required }) => {
			for (const empty of ['', '   ', '\u0000\n\t']) {
				const errors = errorsOf(schema, { ...valid, [field]: empty });
				if (required) expect(errors[field]).toBe('Please fill this in.');
				else expect(errors[field]).toBeUndefined();
			}
		}
	);

	it.each(texts)('$field: a value that is not text gets a message, not a crash', ({ field }) => {
		expect(errorsOf(schema, { ...valid, [field]: { toString: 'x' } })[field]).toBe(
			'Please type plain text here.'
		);
	});

	it.each(texts.filter((t) => t.multiline))('$field: keeps line breaks, normalised', ({ field }) => {
		expect(outputOf(schema, { ...valid, [field]: ' First\r\nsecond  \r\n\r\n\r\n\r\nthird ' })[field]).toBe(
			'First\nsecond\n\nthird'
		);
	});

	it.each(texts.filter((t) => !t.multiline))('$field: one line only', ({ field }) => {
		expect(outputOf(schema, { ...valid, [field]: 'one\r\ntwo\tthree' })[field]).toBe('one two three');
	});
});

describe('codename', () => {
	it.each([
		['', 'Please fill this in.'],
		['A', 'This is too short: use at least 2 characters.'],
		['x'.repeat(61), 'This is too long: use at most 60 characters (now 61).'],
		[SCRIPT, 'Please write plain text. Web code such as <script> tags is not accepted here.'],
		[
			'Willow; DROP TABLE',
			'Use letters, numbers, spaces, dots or hyphens only, starting with a letter or number.'
		],
		['-Willow', 'Use letters, numbers, spaces, dots or hyphens only, starting with a letter or number.']
	])('%j is refused: %s', (codename, message) => {
		expect(errorsOf(newDialogueSchema, { codename }).codename).toBe(message);
		expect(errorsOf(dialogueDetailsSchema, { codename }).codename).toBe(message);
	});

	it('accepts letters of any script and cleans what it keeps', () => {
		expect(outputOf(newDialogueSchema, { codename: '  Wilg\u0000 7 ' }).codename).toBe('Wilg 7');
		expect(outputOf(newDialogueSchema, { codename: 'Çınar-2' }).codename).toBe('Çınar-2');
	});
});

describe('facilitator choice', () => {
	it.each([newDialogueSchema, facilitatorsSchema])(
		'refuses the same person twice and a co without a lead',
		(schema) => {
			const base = schema === newDialogueSchema ? { codename: 'Willow' } : {};
			expect(errorsOf(schema, { ...base, leadId: 'u1', coId: 'u1' }).coId).toBe(
				'Choose someone else as co-facilitator: this person already leads.'
			);
			expect(errorsOf(schema, { ...base, leadId: '', coId: 'u1' }).leadId).toBe(
				'Choose a lead facilitator before a co-facilitator.'
			);
			expect(errorsOf(schema, { ...base, leadId: "u1' OR 1=1" }).leadId).toBe('Choose one of the options.');
			expect(outputOf(schema, { ...base, leadId: '', coId: '' })).toMatchObject({ leadId: null, coId: null });
		}
	);
});

describe('choices', () => {
	it.each([
		[dialogueStatusSchema, 'status', { status: 'live' }],
		[stakeholderGroupSchema, 'decision', { name: 'x', decision: 'maybe' }],
		[capacityReviewSchema, 'occasion', { occasion: '<b>', answers: {} }]
	] as const)('refuse a value that is not an option', (schema, field, input) => {
		expect(errorsOf(schema, input)[field]).toBe('Choose one of the options.');
	});
});

describe('dates', () => {
	const attest = (assessedOn: string) => ({ confirmed: 'on', assessedOn, holderRole: 'Probation' });

	it.each([
		['', 'Please fill this in.'],
		['14-03-2025', 'Enter a date as year-month-day, for example 2025-03-14.'],
		['2025-02-30', 'Enter a date as year-month-day, for example 2025-03-14.'],
		['2025-3-1', 'Enter a date as year-month-day, for example 2025-03-14.'],
		[SCRIPT, 'Enter a date as year-month-day, for example 2025-03-14.'],
		['1899-01-01', 'This date is too long ago to be right (the earliest is 2000-01-01).'],
		[isoDay(Date.now(), 3), 'This date is in the future. Enter the day it happened.']
	])('risk assessment date %j: %s', (assessedOn, message) => {
		expect(errorsOf(riskAttestationSchema, attest(assessedOn)).assessedOn).toBe(message);
	});

	it('accepts today and a leap day', () => {
		expect(errorsOf(riskAttestationSchema, attest(isoDay(Date.now())))).toEqual({});
		expect(errorsOf(riskAttestationSchema, attest('2024-02-29'))).toEqual({});
	});

	it('needs a date for a group that was informed, and a reason for one that will not be', () => {
		expect(errorsOf(stakeholderGroupSchema, { name: 'School', decision: 'informed' }).informedOn).toBe(
			'Enter the date they were informed.'
		);
		expect(errorsOf(stakeholderGroupSchema, { name: 'School', decision: 'notInforming' }).decisionNote).toBe(
			'Say briefly why this group will not be informed.'
		);
		expect(
			errorsOf(stakeholderGroupSchema, {
				name: 'School',
				decision: 'informed',
				informedOn: isoDay(Date.now(), 5)
			}).informedOn
		).toBe('This date is in the future. Enter the day it happened.');
	});

	it('drops an informed-on date when the group was not informed', () => {
		const output = outputOf(stakeholderGroupSchema, {
			name: 'School',
			decision: 'pending',
			informedOn: '2024-01-01'
		});
		expect(output.informedOn).toBeNull();
	});

	it('lets the session be planned in the future', () => {
		expect(outputOf(sessionPlanSchema, { scheduledFor: '2031-06-01' }).scheduledFor).toBe('2031-06-01');
		expect(outputOf(sessionPlanSchema, { scheduledFor: '' }).scheduledFor).toBeNull();
	});
});

describe('links', () => {
	it.each([
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		'data:text/html,<script>alert(1)</script>',
		'ftp://example.org/file',
		'file:///etc/passwd',
		'example.org',
		'https://user:pass@example.org/',
		'https://'
	])('%j is refused', (url) => {
		expect(errorsOf(knowledgeItemSchema, { title: 'x', url }).url).toBe(
			'Enter a web address that starts with http:// or https://.'
		);
	});

	it('accepts http and https, cleaned and normalised', () => {
		expect(outputOf(knowledgeItemSchema, { title: 'x', url: ' https://Example.org/a b\u0000 ' }).url).toBe(
			'https://example.org/a%20b'
		);
		expect(outputOf(knowledgeItemSchema, { title: 'x', url: 'http://example.org' }).url).toBe(
			'http://example.org/'
		);
	});

	it('needs a text, a link or both', () => {
		expect(errorsOf(knowledgeItemSchema, { title: 'x' }).body).toBe('Add a short text, a link, or both.');
	});
});

describe('confirmations', () => {
	it.each([riskAttestationSchema, impartialitySchema])('must be ticked', (schema) => {
		expect(errorsOf(schema, { assessedOn: '2024-01-01', holderRole: 'x' }).confirmed).toBe(
			'Tick the box to confirm.'
		);
		expect(errorsOf(schema, { confirmed: 'off', assessedOn: '2024-01-01', holderRole: 'x' }).confirmed).toBe(
			'Tick the box to confirm.'
		);
	});
});

describe('capacity screen form', () => {
	const filled = () => {
		const form = new FormData();
		form.set('occasion', 'preparation');
		form.set('proDemocratic.assessment', 'Mostly');
		form.append('proDemocratic.concern', 'Some fear');
		form.append('proDemocratic.mitigation', 'Information evening');
		form.append('proDemocratic.concern', '');
		form.append('proDemocratic.mitigation', '');
		form.set('extremistTies.assessment', 'None');
		form.set('riskToPerson.assessment', 'Low');
		form.set('socialCapital.assessment', 'Enough');
		return form;
	};

	it('reads repeated concern rows in order and drops the empty spare row', () => {
		const output = outputOf(capacityReviewSchema, capacityFormValues(filled())) as {
			answers: { proDemocratic: { concerns: unknown[] } };
		};
		expect(output.answers.proDemocratic.concerns).toEqual([
			{ concern: 'Some fear', mitigation: 'Information evening' }
		]);
	});

	it('points a message at the exact row', () => {
		const form = filled();
		form.append('socialCapital.concern', '');
		form.append('socialCapital.mitigation', 'A mitigation without its concern');
		form.append('socialCapital.concern', SCRIPT);
		form.append('socialCapital.mitigation', 'x');
		const errors = errorsOf(capacityReviewSchema, capacityFormValues(form));
		expect(errors).toEqual({
			'answers.socialCapital.concerns.0.concern': 'Describe the concern that this mitigation answers.',
			'answers.socialCapital.concerns.1.concern':
				'Please write plain text. Web code such as <script> tags is not accepted here.'
		});
	});

	it('refuses a flood of rows', () => {
		const form = filled();
		for (let i = 0; i < 40; i++) {
			form.append('riskToPerson.concern', `c${i}`);
			form.append('riskToPerson.mitigation', `m${i}`);
		}
		expect(errorsOf(capacityReviewSchema, capacityFormValues(form))['answers.riskToPerson.concerns']).toBe(
			'There are too many rows: at most 20.'
		);
	});

	it('refuses answers that are not the four questions', () => {
		expect(errorsOf(capacityReviewSchema, { occasion: 'preparation', answers: 'x' }).answers).toBe(
			'This could not be read. Please check it and try again.'
		);
	});
});

describe('settings form', () => {
	const defaults = {
		minGroupSize: '5',
		affirmationPercent: '80',
		minParticipants: '3',
		respectPulseThreshold: '3,5',
		riskAssessmentMaxAgeDays: '365',
		endorsementCap: '3',
		retentionDays: '90',
		safeguardingRetentionDays: '730',
		idleEndDays: '7',
		minCheckInResponses: '1',
		participantCap: '500'
	};

	it('gives DialogueSettings, with the share as a ratio and a decimal comma accepted', () => {
		expect(outputOf(settingsSchema, defaults)).toEqual({
			minGroupSize: 5,
			affirmationRatio: 0.8,
			minParticipants: 3,
			respectPulseThreshold: 3.5,
			riskAssessmentMaxAgeDays: 365,
			endorsementCap: 3,
			retentionDays: 90,
			safeguardingRetentionDays: 730,
			idleEndDays: 7,
			minCheckInResponses: 1,
			participantCap: 500
		});
	});

	it.each([
		['minGroupSize', '2', 'Use 3 or more: in a smaller group a number could point at one person.'],
		['minGroupSize', '4.5', 'Enter a whole number.'],
		['minGroupSize', '', 'Please fill this in.'],
		['minGroupSize', 'five', 'Enter a whole number.'],
		['minGroupSize', SCRIPT, 'Enter a whole number.'],
		['affirmationPercent', '101', 'Use 100 or less.'],
		['respectPulseThreshold', '0.5', 'Use 1 or more.'],
		['respectPulseThreshold', 'NaN', 'Enter a number.'],
		['retentionDays', '1e9', 'Use 1825 or less.'],
		['safeguardingRetentionDays', '29', 'Use 30 or more.'],
		['idleEndDays', '0', 'Use 1 or more.'],
		['endorsementCap', '-1', 'Use 1 or more.'],
		['participantCap', '1', 'Use 2 or more.'],
		['participantCap', '100000', 'Use 5000 or less.']
	])('%s = %j: %s', (field, value, message) => {
		expect(errorsOf(settingsSchema, { ...defaults, [field]: value })[field]).toBe(message);
	});
});

describe('helpers', () => {
	afterEach(() => overwriteGetLocale(() => 'en'));

	it('speak the reader’s language', () => {
		overwriteGetLocale(() => 'nl');
		expect(errorsOf(groundRuleSchema, { text: '' }).text).toBe('Vul dit in, alstublieft.');
	});

	it('keep the first message per field and name the form for issues without a field', () => {
		const errors = fieldErrors([
			{ message: 'first', path: [{ key: 'a' }] },
			{ message: 'second', path: [{ key: 'a' }] },
			{ message: 'Invalid type: Expected string' }
		] as never);
		expect(errors).toEqual({ a: 'first', _form: 'This could not be read. Please check it and try again.' });
	});

	it('read only the named fields of a form, files as empty', () => {
		const form = new FormData();
		form.set('title', 'x');
		form.set('file', new Blob(['data']));
		form.set('extra', 'ignored');
		expect(formValues(form, ['title', 'file', 'missing'])).toEqual({ title: 'x', file: '', missing: '' });
	});

	it('clean lines and texts', () => {
		expect(cleanLine('  a\u200b b\u2066 \n c  ')).toBe('a b c');
		expect(cleanText('a\u0000\r\nb')).toBe('a\nb');
	});
});
