/**
 * Harbor's access policy: every "may this viewer see / do this" question, in one place (in the
 * spirit of Discourse's Guardian), split by area. Loaders and actions ask these; models use the
 * SQL helpers for the same rules inside queries. Whatever a viewer may not see answers 404.
 */
export * from "./groups";
export * from "./content";
export * from "./moderation";
export * from "./guides";
export * from "./circle";
export * from "./blocks";
export * from "./messages";
