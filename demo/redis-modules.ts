// Medusa's production infrastructure on one Redis, as its docs configure it: the event bus
// (BullMQ: events emitted by the server are handled by the workers), the workflow engine (which
// also runs each scheduled job once per tick across all workers) and locking. Used by the demo's
// `--production` run and the process tests; a store copies these modules into its own config.
export function redisModules(redisUrl: string) {
  return [
    {
      resolve: "@medusajs/medusa/event-bus-redis",
      options: {
        redisUrl,
        // Finished events kept for an hour (at most 1,000): enough to look into, not a growing queue.
        jobOptions: {
          removeOnComplete: { age: 3600, count: 1000 },
          removeOnFail: { age: 3600, count: 1000 },
        },
      },
    },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } },
        ],
      },
    },
  ]
}
