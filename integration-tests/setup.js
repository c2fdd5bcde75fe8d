// Each spec file builds its own ORM metadata; drop what an earlier file left in this worker.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()
