/**
 * This process's id among the server instances that each run the app (scale-out): who holds a lease or a
 * claim in the shared persistence.
 */
export const INSTANCE_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
