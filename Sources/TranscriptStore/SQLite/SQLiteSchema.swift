import GRDB

/// The store's schema, one migration per version, from the first on.
enum SQLiteSchema {
    /// `PRAGMA application_id` of a Quire store ("QUIR"), so a foreign SQLite file is never taken for one.
    static let applicationID: Int32 = 0x5155_4952

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "document") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("path", .text).notNull()
                t.column("byteCount", .integer).notNull()
                t.column("pageCount", .integer).notNull()
                t.column("addedAt", .datetime).notNull()
                t.column("lastSeenAt", .datetime).notNull()
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("documentId", .text).notNull().references("document", onDelete: .cascade)
                t.column("pageNumber", .integer).notNull()
                t.column("engine", .text).notNull()
                t.column("options", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("duration", .double).notNull()
                t.column("succeeded", .boolean).notNull()
                t.column("response", .text).notNull()
                t.column("errorCode", .text)
                t.column("errorMessage", .text)
                t.column("requestId", .text)
            }
            try db.create(index: "run_page", on: "run", columns: ["documentId", "pageNumber"])
            try db.create(table: "page") { t in
                t.column("documentId", .text).notNull().references("document", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("currentRunId", .integer).references("run", onDelete: .setNull)
                t.primaryKey(["documentId", "number"])
            }
            try db.create(table: "block") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("text", .text).notNull()
                t.column("confidence", .double).notNull()
                t.column("polygon", .text).notNull()
                t.uniqueKey(["runId", "position"])
            }
            try db.create(table: "correction") { t in
                t.primaryKey("blockId", .integer).references("block", onDelete: .cascade)
                t.column("text", .text)
                t.column("reviewed", .boolean).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "edit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("blockId", .integer).notNull().references("block", onDelete: .cascade)
                t.column("beforeText", .text)
                t.column("beforeReviewed", .boolean).notNull()
                t.column("afterText", .text)
                t.column("afterReviewed", .boolean).notNull()
                t.column("madeAt", .datetime).notNull()
                t.column("undone", .boolean).notNull().defaults(to: false)
            }
            try db.create(index: "edit_block", on: "edit", columns: ["blockId"])
        }
        migrator.registerMigration("v2-search") { db in
            // The text a person sees for each block: corrected, else recognised. Kept in step
            // by the store in the same transactions; trigram matches CJK substrings too.
            try db.execute(sql: "CREATE VIRTUAL TABLE search USING fts5(text, blockId UNINDEXED, tokenize = 'trigram')")
            try db.execute(sql: """
                INSERT INTO search(text, blockId)
                SELECT coalesce(correction.text, block.text), block.id FROM block LEFT JOIN correction ON correction.blockId = block.id
                """)
        }
        migrator.registerMigration("v3-image-size") { db in
            // The size of the image a run read: PAGE and ALTO exports state it.
            try db.alter(table: "run") { t in
                t.add(column: "imageWidth", .integer)
                t.add(column: "imageHeight", .integer)
            }
        }
        migrator.registerMigration("v4-search-current-only") { db in
            // Search covers the pages' current readings only; superseded blocks leave it.
            try db.execute(sql: """
                DELETE FROM search WHERE blockId NOT IN (
                    SELECT block.id FROM block JOIN page ON page.currentRunId = block.runId)
                """)
        }
        migrator.registerMigration("v5-search-by-rowid") { db in
            // Keyed by the block id as its rowid, so that a page's superseded lines leave the
            // index by key, not by a scan of the whole table.
            try db.execute(sql: "DROP TABLE search")
            try db.execute(sql: "CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'trigram')")
            try db.execute(sql: """
                INSERT INTO search(rowid, text)
                SELECT block.id, coalesce(correction.text, block.text)
                FROM block JOIN page ON page.currentRunId = block.runId LEFT JOIN correction ON correction.blockId = block.id
                """)
        }
        migrator.registerMigration("v6-file-stamp") { db in
            // When the file at `path` was last hashed, by its modification time: a file whose
            // path, size and time are unchanged is not read again to be identified.
            try db.alter(table: "document") { t in t.add(column: "fileModifiedAt", .double) }
            try db.create(index: "document_path", on: "document", columns: ["path"])
        }
        migrator.registerMigration("v7-edit-author") { db in
            // Who made an edit; nil for edits made before names were kept (by the one user then).
            try db.alter(table: "edit") { t in t.add(column: "author", .text) }
        }
        return migrator
    }
}
