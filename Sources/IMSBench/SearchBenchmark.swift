import AsyncHTTPClient
import Foundation
import IMSCore
import NIOCore
import NIOHTTP1

/// Times searches through the HTTP API of a running IMS, as council services would make them: a mix of
/// queries run `concurrency` at a time, each timed from request to the last byte of the answer, and a CSV
/// export timed in rows per second.
public struct SearchBenchmark: Sendable {
    let baseURL: String
    let apiKey: String
    let concurrency: Int

    /// The times of one kind of query, and how many of them found something.
    struct Timings: Sendable {
        var milliseconds: [Double] = []
        var withResults = 0
    }

    struct Result {
        var timings: [SearchQueryKind: Timings] = [:]
        var failures: [String] = []
        var requests = 0
        var elapsedSeconds = 0.0
    }

    struct Export {
        let rows: Int
        let bytes: Int
        let seconds: Double
    }

    /// One timed request: its kind, its time, whether it found records, and any failure.
    private struct Outcome: Sendable {
        var kind: SearchQueryKind
        var milliseconds: [Double] = []
        var withResults = 0
        var failure: String?
    }

    func run(_ queries: [SearchQuery]) async throws -> Result {
        try await withClient { client in
            let started = ContinuousClock.now
            var result = Result()
            try await withThrowingTaskGroup(of: Outcome.self) { group in
                var next = 0
                func launch() {
                    let query = queries[next]
                    next += 1
                    group.addTask { await search(client, query) }
                }
                for _ in 0..<min(concurrency, queries.count) { launch() }
                while let outcome = try await group.next() {
                    result.timings[outcome.kind, default: Timings()].milliseconds += outcome.milliseconds
                    result.timings[outcome.kind, default: Timings()].withResults += outcome.withResults
                    result.requests += outcome.milliseconds.count
                    if let failure = outcome.failure { result.failures.append(failure) }
                    if next < queries.count { launch() }
                }
            }
            result.elapsedSeconds = PaymentsBenchmark.seconds(ContinuousClock.now - started)
            return result
        }
    }

    /// `GET /api/v1/transactions.csv` for the query, counting records (a quoted field may hold line breaks).
    func export(_ query: String) async throws -> Export {
        try await withClient { client in
            let started = ContinuousClock.now
            let response = try await client.execute(request("/api/v1/transactions.csv?" + query), timeout: .minutes(30))
            guard response.status == .ok else {
                throw IMSError(.unavailable, .benchExportFailed, "The CSV export answered HTTP \(response.status.code)")
            }
            var counter = CSVRecordCounter()
            var bytes = 0
            for try await buffer in response.body {
                bytes += buffer.readableBytes
                buffer.withUnsafeReadableBytes { counter.count($0) }
            }
            return Export(rows: max(0, counter.records - 1), bytes: bytes, seconds: PaymentsBenchmark.seconds(ContinuousClock.now - started))
        }
    }

    /// A search and, for deep paging, its following pages; a failure ends the chain.
    private func search(_ client: HTTPClient, _ query: SearchQuery) async -> Outcome {
        var outcome = Outcome(kind: query.kind)
        var queryString = query.query
        for page in 0...query.followPages {
            let start = ContinuousClock.now
            do {
                let response = try await client.execute(request("/api/v1/transactions?" + queryString), timeout: .seconds(60))
                let body = String(buffer: try await response.body.collect(upTo: 16 << 20))
                let milliseconds = PaymentsBenchmark.seconds(ContinuousClock.now - start) * 1_000
                guard response.status == .ok else {
                    outcome.failure = "\(query.kind.rawValue): HTTP \(response.status.code) for \(queryString): \(body.prefix(200))"
                    return outcome
                }
                if page > 0 || query.followPages == 0 {
                    outcome.milliseconds.append(milliseconds)
                    if !body.contains(#""results":[]"#) { outcome.withResults += 1 }
                }
                guard page < query.followPages else { break }
                guard let cursor = PaymentsBenchmark.first(#"(?<="next":")[^"]+"#, in: body) else {
                    outcome.failure = "\(query.kind.rawValue): fewer than \(query.followPages + 1) pages for \(query.query)"
                    return outcome
                }
                queryString = query.query + "&after=" + cursor
            } catch {
                outcome.failure = "\(query.kind.rawValue): \(error) for \(queryString)"
                return outcome
            }
        }
        return outcome
    }

    private func request(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        return request
    }

    private func withClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, concurrency)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// Counts the records of RFC 4180 CSV as it streams past: line ends outside quotes.
struct CSVRecordCounter {
    private(set) var records = 0
    private var inQuotes = false

    mutating func count(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: "\n") && !inQuotes {
                records += 1
            }
        }
    }
}
