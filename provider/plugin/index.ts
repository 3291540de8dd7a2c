/** How a service plugs in: its profile, the config it reads, the context that connects it. */
export * from "./config";
export * from "./context";
export * from "./profile";
export * from "./warn";
