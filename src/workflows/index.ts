export * from "./journeys/workflows"
export * from "./message-templates/workflows"
export * from "./engine/workflows"
export * from "./dispatch/workflows"
