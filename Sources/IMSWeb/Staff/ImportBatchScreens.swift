import Foundation
import Hummingbird
import IMSCore

/// The legacy import batches for staff: what each run of `ims import legacy` read, imported, rejected and
/// skipped, with its totals by fund; each opens the search for its records. Staff limited to some funds
/// see only those funds' totals.
enum ImportBatchScreens {
    static func register(on routes: RouteTable, database: any ImportBatchStore, pages: PageRenderer) {
        routes.add(.get, "/staff/imports", access: .staff(.transactionsRead), "Legacy import batches with their counts and totals") { _, context in
            let user = try context.staffUser
            let batches = try await database.importBatches(limit: 200)
            return pages.page(
                "staff-imports",
                [
                    "title": "Legacy import batches", "batches": batches.map { row($0, user: user) }, "hasBatches": !batches.isEmpty,
                    "isScoped": user.fundScope.isLimited,
                ], session: context.session)
        }
    }

    /// One batch as a row of the table; totals cover only the funds the staff member may see.
    static func row(_ batch: ImportBatch, user: StaffUser) -> [String: Any] {
        let funds = batch.totalsByFund.filter { user.mayUse($0.key) }.sorted { $0.key < $1.key }
        let total = user.fundScope.isLimited ? funds.map(\.value).sum() : batch.total
        return [
            "id": batch.id, "file": batch.fileName, "state": state(batch), "started": PageFormat.dateTime(batch.startedAt),
            "by": batch.startedBy.name, "total": total.formatted,
            "rows": [("read", batch.rowsRead), ("imported", batch.rowsImported), ("rejected", batch.rowsRejected), ("skipped", batch.rowsSkipped)]
                .map { ["count": $0.1.formatted(count), "label": $0.0] },
            "funds": funds.map { ["fund": $0.key.rawValue, "total": $0.value.formatted] },
            "link": "/staff/transactions?import_batch=\(batch.id)",
        ]
    }

    /// Counts as staff read them: `6,500,000`.
    static let count = IntegerFormatStyle<Int64>(locale: Locale(identifier: "en_GB"))

    static func state(_ batch: ImportBatch) -> String {
        switch batch.state {
        case .importing: "Importing (or interrupted)"
        case .complete: batch.finishedAt.map { "Complete \(PageFormat.dateTime($0))" } ?? "Complete"
        case .reversed: batch.reversedAt.map { "Reversed \(PageFormat.dateTime($0))" } ?? "Reversed"
        }
    }
}
