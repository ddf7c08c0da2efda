import Foundation
import IMSCore
import Testing

@Suite("Permissions")
struct PermissionTests {
    @Test("every known permission reads back as itself", arguments: Permission.all)
    func known(permission: Permission) throws {
        #expect(try Permission(parsing: permission.rawValue) == permission)
        #expect(try Permission(parsing: "  \(permission.rawValue) ") == permission)
    }

    @Test("there are seventeen distinct permissions, written area:action")
    func catalogue() {
        #expect(Permission.all.count == 17)
        #expect(Set(Permission.all).count == 17)
        #expect(Permission.all.allSatisfy { $0.rawValue.split(separator: ":").count == 2 })
        #expect(Permission.refundsApprove.description == "refunds:approve")
    }

    @Test("an unknown permission is refused, not ignored", arguments: ["payments:delete", "payment:create", "", "admin", "payments:create:x"])
    func unknown(text: String) {
        let error = expectIMSError(.permissionUnknown) { try Permission(parsing: text) }
        #expect(error?.field == "permissions")
        #expect(error?.reason.contains("payments:create") == true, "the refusal lists what is known")
    }

    @Test("a list reads as its permissions, skipping empty items")
    func list() throws {
        #expect(try Permission.parseList("payments:create, refunds:create") == [.paymentsCreate, .refundsCreate])
        #expect(try Permission.parseList("audit:read,, ,admin:api-keys,") == [.auditRead, .adminAPIKeys])
        #expect(try Permission.parseList("") == [])
    }

    @Test("one unknown permission refuses the whole list")
    func listWithUnknown() {
        expectIMSError(.permissionUnknown) { try Permission.parseList("payments:create,payments:destroy") }
    }

    @Test("permissions are stored as their text")
    func codable() throws {
        let data = try JSONEncoder().encode([Permission.paymentsRead, .auditRead])
        #expect(String(decoding: data, as: UTF8.self) == #"["payments:read","audit:read"]"#)
        #expect(try JSONDecoder().decode([Permission].self, from: data) == [.paymentsRead, .auditRead])
    }
}
