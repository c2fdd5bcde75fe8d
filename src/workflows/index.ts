export * from "./journeys/workflows"
