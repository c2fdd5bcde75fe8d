/** The French (or any other) strings of an area: exactly the keys of its English strings. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }
