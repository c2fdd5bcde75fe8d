import type { Strings } from "./strings"

/** The configuration page's operations: the scheduled jobs' runs, the workers and the backlog. */
const en = {
  operations: {
    jobs: {
      title: "Scheduled jobs",
      subtitle: "Each job's last run on any worker, and its runs of the last hour.",
      columns: { job: "Job", lastRun: "Last run", duration: "Duration", worker: "Worker", result: "Result", lastHour: "Last hour" },
      names: {
        "journeys-wake-due-enrollments": "Wake waiting customers",
        "journeys-dispatch-outbox": "Send messages and effects",
        "journeys-detect-abandoned-carts": "Detect abandoned carts",
        "journeys-read-segments": "Read segments",
      },
      never: "never",
      unfinished: "not finished",
      nothingDone: "nothing to do",
      runs: "{{runs}} runs, {{failed}} failed",
    },
    workers: {
      title: "Workers",
      seen: "Ran a job in the last 10 minutes: {{workers}}",
      none: "No worker ran a job in the last 10 minutes: are the workers up?",
    },
    backlog: {
      title: "Backlog",
      subtitle: "Work due now that the jobs have not done yet.",
      enrollmentsDue: "Customers due",
      sweepLag: "Sweep lag",
      messagesDue: "Messages due",
      messagesSending: "Messages sending",
      messagesFailed: "Messages failed (24 h)",
      effectsDue: "Effects due",
      segmentReads: "Segment reads running",
      seconds: "{{count}} s",
    },
  },
}

const fr: Strings<typeof en> = {
  operations: {
    jobs: {
      title: "Tâches planifiées",
      subtitle: "La dernière exécution de chaque tâche, sur n'importe quel worker, et ses exécutions de la dernière heure.",
      columns: { job: "Tâche", lastRun: "Dernière exécution", duration: "Durée", worker: "Worker", result: "Résultat", lastHour: "Dernière heure" },
      names: {
        "journeys-wake-due-enrollments": "Réveiller les clients en attente",
        "journeys-dispatch-outbox": "Envoyer messages et effets",
        "journeys-detect-abandoned-carts": "Détecter les paniers abandonnés",
        "journeys-read-segments": "Lire les segments",
      },
      never: "jamais",
      unfinished: "non terminée",
      nothingDone: "rien à faire",
      runs: "{{runs}} exécutions, {{failed}} en échec",
    },
    workers: {
      title: "Workers",
      seen: "Ont exécuté une tâche ces 10 dernières minutes : {{workers}}",
      none: "Aucun worker n'a exécuté de tâche ces 10 dernières minutes : les workers tournent-ils ?",
    },
    backlog: {
      title: "En attente",
      subtitle: "Le travail dû maintenant que les tâches n'ont pas encore fait.",
      enrollmentsDue: "Clients à réveiller",
      sweepLag: "Retard du réveil",
      messagesDue: "Messages à envoyer",
      messagesSending: "Messages en cours d'envoi",
      messagesFailed: "Messages en échec (24 h)",
      effectsDue: "Effets à exécuter",
      segmentReads: "Lectures de segment en cours",
      seconds: "{{count}} s",
    },
  },
}

export default { en, fr }
