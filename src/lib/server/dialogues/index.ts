/**
 * The dialogue and preparation services. Every function that acts for a person takes the StaffPrincipal first
 * and scopes by its organisation (and, for facilitators, their assignment); routes never build queries.
 */
export * from './errors';
export type { ServiceEnv } from './env';
export * from './dialogues';
export * from './settings';
export * from './capacity';
export * from './risk';
export * from './information';
export * from './knowledge';
export * from './ground-rules';
export * from './plans';
export * from './impartiality';
export * from './readiness';
export { GROUND_RULE_TEMPLATES, isTemplateLocale, type TemplateLocale } from './templates';
export * from './form-actions';
export * from './translations';
