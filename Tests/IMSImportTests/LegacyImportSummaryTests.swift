import Foundation
import IMSImport
import Testing

@Suite("Legacy import summary")
struct LegacyImportSummaryTests {
    @Test("issue 11: `ims import legacy --json` names money as the API does: net_amount_by_fund, in pence, no unit in a name")
    func json() throws {
        var summary = LegacyImportSummary()
        summary.read = 3
        summary.imported = 2
        summary.rejected = 1
        summary.totalsPenceByFund = ["BINS": 3_250]
        summary.batches = [7]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(summary), as: UTF8.self)
        #expect(text == #"{"batches":[7],"imported":2,"net_amount_by_fund":{"BINS":3250},"pace":"bulk","read":3,"rejected":1,"skipped":0}"#)
    }
}
