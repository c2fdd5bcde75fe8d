import type { Strings } from "./strings"

/** The editor page's frame: header, saving, leaving, the live / draft switch. */
const en = {
  editor: {
    loading: "Loading the journey…",
    loadFailed: "Could not load the journey: {{message}}",
    back: "Back to journeys",
    liveVersion: "Live: v{{number}}",
    unsaved: "Unsaved changes",
    view: { draft: "Draft (editable)", live: "Live version v{{number}} (read-only)" },
    undo: "Undo",
    redo: "Redo",
    customers: "Customers",
    history: "Versions",
    save: "Save draft",
    saved: "Draft saved",
    saveFailed: "The draft was not saved",
    publish: "Publish",
    published: "Published",
    publishInvalid_one: "Fix the {{count}} problem first: it is listed under the canvas.",
    publishInvalid_other: "Fix the {{count}} problems first: they are listed under the canvas.",
    canvasFailed: "The canvas could not be drawn: {{message}}",
    retry: "Try again",
    leaveDescription: "Your changes to this draft are not saved and will be lost.",
  },
}

const fr: Strings<typeof en> = {
  editor: {
    loading: "Chargement du parcours…",
    loadFailed: "Impossible de charger le parcours : {{message}}",
    back: "Retour aux parcours",
    liveVersion: "En ligne : v{{number}}",
    unsaved: "Modifications non enregistrées",
    view: { draft: "Brouillon (modifiable)", live: "Version en ligne v{{number}} (lecture seule)" },
    undo: "Annuler",
    redo: "Rétablir",
    customers: "Clients",
    history: "Versions",
    save: "Enregistrer le brouillon",
    saved: "Brouillon enregistré",
    saveFailed: "Le brouillon n'a pas été enregistré",
    publish: "Publier",
    published: "Publié",
    publishInvalid_one: "Corrigez d'abord le problème : il est listé sous le canevas.",
    publishInvalid_other: "Corrigez d'abord les {{count}} problèmes : ils sont listés sous le canevas.",
    canvasFailed: "Le canevas n'a pas pu être dessiné : {{message}}",
    retry: "Réessayer",
    leaveDescription: "Vos modifications de ce brouillon ne sont pas enregistrées et seront perdues.",
  },
}

export default { en, fr }
