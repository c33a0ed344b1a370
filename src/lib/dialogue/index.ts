/** The dialogue module: phases, values checks and the state machine. Pure: safe on server and client. */
export * from './types';
export { evaluateTransition } from './values';
export { REASON_CODES, reasonMessageKey, type ReasonCode } from './reasons';
export {
	DIALOGUE_MACHINE_VERSION,
	dialogueMachine,
	phaseOf,
	checkAdvance,
	checkRevisit,
	endingRefusal,
	revisitTargets,
	type DialogueMachine,
	type DialogueSnapshot,
	type DialogueEvent,
	type DialogueInput,
	type DialogueContext,
	type TransitionRecord,
	type RevisitRecord,
	type PauseRecord,
	type EndingRecord
} from './machine';
export { migrateSnapshot, SnapshotVersionError, SnapshotShapeError } from './snapshot';
export {
	toMermaid,
	diagramBlock,
	extractDiagram,
	replaceDiagram,
	DIAGRAM_START,
	DIAGRAM_END
} from './diagram';
