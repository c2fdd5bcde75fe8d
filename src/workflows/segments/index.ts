/** The segments' workflows and their input types, as the routes and the other workflow folders see them. */
export * from "./workflows"
