// See https://svelte.dev/docs/kit/types#app.d.ts
import type { IncomingMessage } from 'node:http';
import type { StaffPrincipal } from '$lib/server/auth/principal';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** The signed-in organiser or facilitator, or null. Participants are never staff. */
			staff: StaffPrincipal | null;
			/** Id (hash) of the sign-in session, for sign-out. */
			authSessionId: string | null;
		}
		interface PageData {
			/** The reader's locale for dates on staff pages (`src/lib/format/dates.ts`); set by the staff layout. */
			dateLocale?: string;
		}
		// interface PageState {}
		interface Platform {
			/** adapter-node's Node request (absent under Vite's dev server): event streams write to its response. */
			req?: IncomingMessage;
		}
	}
}

export {};
