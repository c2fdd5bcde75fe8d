import type { Strings } from "./strings"

/** Words every page of the plugin uses. */
const en = {
  menu: { journeys: "Journeys" },
  actions: {
    create: "Create",
    cancel: "Cancel",
    delete: "Delete",
    edit: "Edit",
    duplicate: "Duplicate",
    export: "Export",
    save: "Save",
  },
  status: {
    draft: "Draft",
    live: "Live",
    paused: "Paused",
    stopped: "Stopped",
    loadFailed: "Could not load the journeys' status: {{message}}",
  },
  channels: { email: "Email", sms: "SMS", push: "Push" },
  leave: { title: "Leave without saving?", confirm: "Leave", stay: "Stay" },
  pagination: { of: "of", results: "results", pages: "pages", prev: "Previous", next: "Next" },
  duration: {
    days_one: "{{count}} day",
    days_other: "{{count}} days",
    hours_one: "{{count}} hour",
    hours_other: "{{count}} hours",
    minutes_one: "{{count}} minute",
    minutes_other: "{{count}} minutes",
  },
  trigger: {
    types: {
      event: "On an event",
      cart_abandoned: "Abandoned cart",
      customer_created: "New customer",
      segment: "Segment entry",
    },
  },
}

const fr: Strings<typeof en> = {
  menu: { journeys: "Parcours" },
  actions: {
    create: "Créer",
    cancel: "Annuler",
    delete: "Supprimer",
    edit: "Modifier",
    duplicate: "Dupliquer",
    export: "Exporter",
    save: "Enregistrer",
  },
  status: {
    draft: "Brouillon",
    live: "En ligne",
    paused: "En pause",
    stopped: "Arrêté",
    loadFailed: "Impossible de charger l'état des parcours : {{message}}",
  },
  channels: { email: "E-mail", sms: "SMS", push: "Notification push" },
  leave: { title: "Quitter sans enregistrer ?", confirm: "Quitter", stay: "Rester" },
  pagination: { of: "sur", results: "résultats", pages: "pages", prev: "Précédent", next: "Suivant" },
  duration: {
    days_one: "{{count}} jour",
    days_other: "{{count}} jours",
    hours_one: "{{count}} heure",
    hours_other: "{{count}} heures",
    minutes_one: "{{count}} minute",
    minutes_other: "{{count}} minutes",
  },
  trigger: {
    types: {
      event: "Sur un événement",
      cart_abandoned: "Panier abandonné",
      customer_created: "Nouveau client",
      segment: "Entrée dans un segment",
    },
  },
}

export default { en, fr }
