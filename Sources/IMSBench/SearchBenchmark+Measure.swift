import IMSCore

extension SearchBenchmark {
    /// `ims bench search` once the sample is read: a seeded mix of `queriesPerKind` queries of each kind for
    /// the sampled values, run `concurrency` at a time, then a CSV export of the fund and year the sample
    /// holds most of. The same sample and seed make the same queries.
    public static func measure(
        sample: SearchSample, baseURL: String, apiKey: String, queriesPerKind: Int, concurrency: Int, random: inout SeededRandom
    ) async throws -> SearchReport {
        let mix = SearchQueryMix(sample: sample, perKind: queriesPerKind)
        let (searches, missing) = mix.queries(random: &random)
        let exportFundYear = try mostCommonFundYear(sample)
        let benchmark = SearchBenchmark(baseURL: baseURL, apiKey: apiKey, concurrency: concurrency)
        let result = try await benchmark.run(searches)
        let export = try await benchmark.export(mix.fundYear(exportFundYear))
        return SearchReport(
            sample: sample, result: result, export: export, exportFundYear: exportFundYear, missing: missing, concurrency: concurrency)
    }

    /// The fund and year with the most sampled records: the export worth timing.
    private static func mostCommonFundYear(_ sample: SearchSample) throws -> SearchSample.FundYear {
        let counts = Dictionary(sample.fundYears.map { ($0, 1) }, uniquingKeysWith: +)
        guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : ($0.key.fund, $0.key.year) > ($1.key.fund, $1.key.year) })
        else {
            throw IMSError(.notFound, .benchNoRecords, "No records were sampled")
        }
        return best.key
    }
}
