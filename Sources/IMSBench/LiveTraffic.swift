import AsyncHTTPClient
import Foundation
import IMSCore
import NIOCore
import NIOHTTP1
import Synchronization

/// What a council's users do to a running IMS while an import loads into its database (go-live): payers
/// paying (`PaymentsBenchmark` at `concurrency`) and staff searching (one search at a time, a few a second,
/// through the indexed kinds and the full text). `ims bench import --alongside URL` runs it for as long as
/// the import and prints `report`, so that the import's cost to them is a printed number.
public struct LiveTraffic: Sendable {
    let baseURL: String
    let apiKey: String
    let concurrency: Int

    public init(baseURL: String, apiKey: String, concurrency: Int = 4) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.concurrency = concurrency
    }

    /// The searches a counter or the income team might make during go-live: a payment bench reference, an
    /// amount, a fund's year, a surname's first letters.
    static let searches = [
        "account_reference=DM12345678", "amount=4500", "fund_code=BINS&from=2024-01-01&to=2024-12-31", "text=smit", "receipt_reference=ZZ000001",
    ]

    public struct Result: Sendable {
        public var payments = PaymentsBenchmark.Result()
        public var searchMilliseconds: [Double] = []
        public var searchFailures: [String] = []
    }

    /// Runs payments and searches until `work` ends, then waits for the payments under way. Refuses to start,
    /// naming the URL, when no IMS answers there: every payment would fail at once, one after another, for
    /// as long as the import ran.
    public func run<T: Sendable>(while work: () async throws -> T) async throws -> (T, Result) {
        try await checkServer()
        let stopped = StopFlag()
        let payments = PaymentsBenchmark(baseURL: baseURL, apiKey: apiKey, count: .max, concurrency: concurrency) { stopped.isSet }
        async let paid = payments.run()
        async let searched = searchUntil(stopped)
        let value: T
        do {
            value = try await work()
        } catch {
            stopped.set()
            _ = try? await (paid, searched)
            throw error
        }
        stopped.set()
        var result = Result()
        result.payments = try await paid
        (result.searchMilliseconds, result.searchFailures) = try await searched
        return (value, result)
    }

    public func report(_ result: Result) -> [String] {
        let searches = result.searchMilliseconds
        func milliseconds(_ fraction: Double) -> String { String(format: "%.1f ms", PaymentsBenchmark.percentile(searches, fraction)) }
        var lines = PaymentsBenchmark(baseURL: baseURL, apiKey: apiKey, count: 0, concurrency: concurrency).report(result.payments)
            .map { "during the import, " + $0 }
        lines.append(
            "during the import, searches: \(searches.count) answered, \(result.searchFailures.count) failed; p50 \(milliseconds(0.5)), p95 \(milliseconds(0.95)), p99 \(milliseconds(0.99)), worst \(String(format: "%.1f ms", searches.max() ?? 0))"
        )
        lines += result.searchFailures.prefix(5).map { "  failed: " + $0 }
        return lines
    }

    private func checkServer() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let status: HTTPResponseStatus?
        do {
            let response = try await client.execute(HTTPClientRequest(url: baseURL + "/healthz"), timeout: .seconds(10))
            status = response.status
        } catch {
            status = nil
        }
        try await client.shutdown()
        guard status == .ok else {
            throw IMSError(
                .unavailable, .benchServerUnreachable,
                "No IMS answers at \(baseURL) (GET /healthz: \(status.map { "HTTP \($0.code)" } ?? "no answer")): start it on the same database first"
            )
        }
    }

    private func searchUntil(_ stopped: StopFlag) async throws -> ([Double], [String]) {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        var times: [Double] = []
        var failures: [String] = []
        var next = 0
        while !stopped.isSet {
            let query = Self.searches[next % Self.searches.count]
            next += 1
            var request = HTTPClientRequest(url: baseURL + "/api/v1/transactions?" + query)
            request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            let start = ContinuousClock.now
            do {
                let response = try await client.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 16 << 20)
                if response.status == .ok {
                    times.append(PaymentsBenchmark.seconds(ContinuousClock.now - start) * 1_000)
                } else {
                    failures.append("HTTP \(response.status.code) for \(query)")
                }
            } catch {
                failures.append("\(error) for \(query)")
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        try await client.shutdown()
        return (times, failures)
    }
}

/// Set once, read from any task.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
