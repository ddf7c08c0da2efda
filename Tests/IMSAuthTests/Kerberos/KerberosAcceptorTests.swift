import Foundation
import IMSAuth
import IMSTestSupport
import Logging
import Synchronization
import Testing

@Suite("Kerberos Negotiate sign-in against a real KDC")
struct KerberosAcceptorTests {
    @Test(
        "a token made from a user's tickets is accepted and names that user", .enabled(if: KerberosTestRealm.isAvailable),
        arguments: ["alice", "bob", "carol"])
    func acceptsUser(_ user: String) throws {
        let acceptor = try KerberosTestRealm.requireAcceptor()
        let initiator = KerberosInitiator(service: "HTTP@localhost", credentialCache: try KerberosTestRealm.requireCredentialCache(of: user))
        let token = try initiator.firstToken()

        let acceptance = try acceptor.accept(token)

        #expect(acceptance.principal == "\(user)@IMS.TEST")
        // The initiator asked for mutual authentication, so the reply carries the acceptor's proof.
        #expect(acceptance.responseToken?.isEmpty == false)
    }

    @Test("the same token is not accepted twice", .enabled(if: KerberosTestRealm.isAvailable))
    func refusesReplay() throws {
        let acceptor = try KerberosTestRealm.requireAcceptor()
        let token = try KerberosInitiator(credentialCache: try KerberosTestRealm.requireCredentialCache(of: "alice")).firstToken()
        _ = try acceptor.accept(token)

        let error = #expect(throws: KerberosError.self) { try acceptor.accept(token) }
        #expect(error?.code == .tokenRefused)
    }

    @Test("garbage, truncated and empty tokens are refused", .enabled(if: KerberosTestRealm.isAvailable))
    func refusesBadTokens() throws {
        let acceptor = try KerberosTestRealm.requireAcceptor()
        let real = try KerberosInitiator(credentialCache: try KerberosTestRealm.requireCredentialCache(of: "bob")).firstToken()
        let garbage: [UInt8] = Array("not a kerberos token at all".utf8)
        let truncated = Array(real.prefix(real.count / 2))
        // A well-formed SPNEGO header around nothing useful.
        let headerOnly = Array(real.prefix(16))
        let tooLarge = [UInt8](repeating: 0x60, count: KerberosAcceptor.maximumTokenBytes + 1)

        for token in [garbage, truncated, headerOnly, [], tooLarge] {
            let error = #expect(throws: KerberosError.self, "token of \(token.count) bytes") { try acceptor.accept(token) }
            #expect(error?.code == .tokenRefused)
        }
    }

    @Test("tokens for several users accepted at once are kept apart", .enabled(if: KerberosTestRealm.isAvailable))
    func acceptsConcurrently() async throws {
        let acceptor = try KerberosTestRealm.requireAcceptor()
        let users = ["alice", "bob", "carol"]
        var tokens: [(String, [UInt8])] = []
        for round in 0..<4 {
            for user in users {
                let token = try KerberosInitiator(credentialCache: try KerberosTestRealm.requireCredentialCache(of: user)).firstToken()
                tokens.append(("\(user)#\(round)", token))
            }
        }
        let results = try await withThrowingTaskGroup(of: (String, String).self) { group in
            for (label, token) in tokens {
                group.addTask { (label, try acceptor.accept(token).principal) }
            }
            return try await group.reduce(into: [(String, String)]()) { $0.append($1) }
        }
        #expect(results.count == tokens.count)
        for (label, principal) in results {
            #expect(principal == "\(label.prefix { $0 != "#" })@IMS.TEST")
        }
    }

    @Test("a missing keytab turns Negotiate off with one warning naming it")
    func missingKeytab() {
        let lines = LogLines()
        let logger = Logger(label: "test") { _ in lines }
        let keytab = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).keytab").path

        #expect(KerberosAcceptor.load(keytab: keytab, logger: logger) == nil)

        let warnings = lines.messages.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("Negotiate") == true)
        // Where the library is present the warning names the keytab; where it is absent, the library.
        #expect(warnings.first.map { $0.message.contains(keytab) || $0.message.contains("libgssapi_krb5") } == true)
    }
}

/// Keeps every log line, for tests that check what an operator would read.
private final class LogLines: LogHandler, Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let lines = Mutex<[Line]>([])
    var messages: [Line] { lines.withLock { $0 } }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        lines.withLock { $0.append(Line(level: event.level, message: event.message.description)) }
    }
}
