import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Drives whole payments against a running IMS, as council services and payers would: create by API,
/// open IMS's payment page, go to the sandbox's card page, pay with a test card, return, and confirm.
/// `ims bench payments` runs it and prints `report`.
public struct PaymentsBenchmark: Sendable {
    let baseURL: String
    let apiKey: String
    let count: Int
    let concurrency: Int
    /// Asked before each payment is started: true stops the run (the payments under way complete).
    let stop: @Sendable () -> Bool

    public init(baseURL: String, apiKey: String, count: Int, concurrency: Int, stop: @escaping @Sendable () -> Bool = { false }) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.count = count
        self.concurrency = concurrency
        self.stop = stop
    }

    /// What the run measured: payments that completed and the times they took, and any that did not.
    public struct Result: Sendable {
        public var completed = 0
        public var failed: [String] = []
        public var cycleMilliseconds: [Double] = []
        public var createMilliseconds: [Double] = []
        public var elapsedSeconds = 0.0
    }

    /// The lines `ims bench payments` prints: counts, throughput, and p50/p95/p99 of the whole payment and
    /// of creating it.
    public func report(_ result: Result) -> [String] {
        func milliseconds(_ value: Double) -> String { String(format: "%.1f ms", value) }
        func percentiles(_ values: [Double]) -> String {
            "p50 \(milliseconds(Self.percentile(values, 0.50))), p95 \(milliseconds(Self.percentile(values, 0.95))), p99 \(milliseconds(Self.percentile(values, 0.99)))"
        }
        return [
            "payments: \(result.completed) completed, \(result.failed.count) failed, concurrency \(concurrency)",
            "throughput: \(String(format: "%.1f", Double(result.completed) / max(result.elapsedSeconds, 0.001))) payments/s over \(String(format: "%.2f", result.elapsedSeconds)) s",
            "whole payment: \(percentiles(result.cycleMilliseconds))",
            "create (POST /api/v1/payments): \(percentiles(result.createMilliseconds))",
        ]
    }

    public func run() async throws -> Result {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let result = try await drive(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func drive(_ client: HTTPClient) async throws -> Result {
        let started = ContinuousClock.now
        var result = Result()
        try await withThrowingTaskGroup(of: (Double, Double)?.self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask { try? await cycle(client, index: index) }
            }
            for _ in 0..<min(concurrency, count) { launch() }
            while let outcome = try await group.next() {
                if let (cycle, create) = outcome {
                    result.completed += 1
                    result.cycleMilliseconds.append(cycle)
                    result.createMilliseconds.append(create)
                } else {
                    result.failed.append("a payment did not complete")
                }
                if next < count, !stop() { launch() }
            }
        }
        result.elapsedSeconds = Self.seconds(ContinuousClock.now - started)
        return result
    }

    /// One payment from creation to confirmed success; returns (whole cycle, create) in milliseconds.
    private func cycle(_ client: HTTPClient, index: Int) async throws -> (Double, Double)? {
        let start = ContinuousClock.now
        var create = HTTPClientRequest(url: "\(baseURL)/api/v1/payments")
        create.method = .POST
        create.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        create.headers.add(name: "Content-Type", value: "application/json")
        create.body = .bytes(
            ByteBuffer(
                string:
                    #"{"lines":[{"fund_code":"BINS","reference":"GW-\#(100_000 + index)","amount":4500},{"fund_code":"PARK","reference":"DM12345678","amount":7000}],"return_url":"https://bins.example.gov.uk/done"}"#
            ))
        let created = try await client.execute(create, timeout: .seconds(30))
        let createBody = String(buffer: try await created.body.collect(upTo: 1 << 20))
        let createMilliseconds = Self.seconds(ContinuousClock.now - start) * 1_000
        guard created.status == .created, let id = Self.first(#"pay_[a-z2-7]{26}"#, in: createBody) else { return nil }

        // The payer's page: its form carries a CSRF token matched by a cookie. Each payer comes from an address
        // of their own, as residents do (behind a trusted proxy: the public pages limit each address).
        let payer = Self.payerAddress(index)
        var open = HTTPClientRequest(url: "\(baseURL)/pay/\(id)")
        open.headers.add(name: "X-Forwarded-For", value: payer)
        let page = try await client.execute(open, timeout: .seconds(30))
        let pageBody = String(buffer: try await page.body.collect(upTo: 1 << 20))
        guard let token = Self.first(#"(?<=name="csrf_token" value=")[^"]+"#, in: pageBody) else { return nil }
        let cookies = page.headers["Set-Cookie"].map { $0.split(separator: ";")[0] }.joined(separator: "; ")

        var begin = HTTPClientRequest(url: "\(baseURL)/pay/\(id)/start")
        begin.method = .POST
        begin.headers.add(name: "Cookie", value: cookies)
        begin.headers.add(name: "X-Forwarded-For", value: payer)
        begin.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        begin.body = .bytes(ByteBuffer(string: "csrf_token=\(token)"))
        let handedOff = try await client.execute(begin, timeout: .seconds(30))
        _ = try await handedOff.body.collect(upTo: 1 << 20)
        guard let cardPage = handedOff.headers.first(name: "Location") else { return nil }

        var pay = HTTPClientRequest(url: cardPage)
        pay.method = .POST
        pay.headers.add(name: "X-Forwarded-For", value: payer)
        pay.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        pay.body = .bytes(ByteBuffer(string: "card-number=4444333322221111&expiry-month=12&expiry-year=2030&cardholder-name=Bench+Payer&cvc=123"))
        let paid = try await client.execute(pay, timeout: .seconds(30))
        _ = try await paid.body.collect(upTo: 1 << 20)
        guard let back = paid.headers.first(name: "Location") else { return nil }

        var returned = HTTPClientRequest(url: back)
        returned.headers.add(name: "Cookie", value: cookies)
        returned.headers.add(name: "X-Forwarded-For", value: payer)
        let outcome = try await client.execute(returned, timeout: .seconds(30))
        _ = try await outcome.body.collect(upTo: 1 << 20)

        var status = HTTPClientRequest(url: "\(baseURL)/api/v1/payments/\(id)")
        status.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        let confirmed = try await client.execute(status, timeout: .seconds(30))
        let confirmedBody = String(buffer: try await confirmed.body.collect(upTo: 1 << 20))
        guard confirmedBody.contains(#""state":"success""#) else { return nil }
        return (Self.seconds(ContinuousClock.now - start) * 1_000, createMilliseconds)
    }

    /// The address payment `index`'s payer comes from: one of 10.0.0.0/8, a different one for each payment.
    static func payerAddress(_ index: Int) -> String {
        "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"
    }

    static func first(_ pattern: String, in text: String) -> String? {
        text.range(of: pattern, options: .regularExpression).map { String(text[$0]) }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The value below which `fraction` of the sorted values fall (nearest rank).
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[max(0, min(sorted.count - 1, rank))]
    }
}
