import Foundation
import IMSCore
import IMSStore
import Testing

@Suite("Data directory")
struct DataDirectoryTests {
    @Test("issue 10: a new data directory is its owner's only (0700) and the database files are 0600")
    func permissions() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-perm-\(UUID().uuidString)/data").path
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let database = try await IMSDatabase.open(.dataDirectory(directory))
        try await database.save(DemoCouncil.configuration)
        try await database.close()
        func mode(_ path: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue & 0o777
        }
        #expect(try mode(directory) == 0o700)
        #expect(try mode(directory + "/ims.sqlite") == 0o600)
        for journal in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: directory + "/ims.sqlite" + journal) {
            #expect(try mode(directory + "/ims.sqlite" + journal) == 0o600)
        }
    }
}
