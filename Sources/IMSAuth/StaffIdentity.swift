/// How a member of staff proved who they are.
public enum SignInMethod: String, Sendable, Hashable, Codable {
    case oidc
    case kerberos
    case trustedProxy = "trusted-proxy"
    case development
}

/// Who a sign-in method says the person is: their directory user name and groups. Roles and rights are
/// worked out from the groups by IMS, never taken from the method.
public struct StaffIdentity: Sendable, Hashable {
    /// The directory user name, e.g. `alice` (Kerberos realm and UPN domain removed, lower-cased).
    public var username: String
    public var displayName: String?
    public var email: String?
    /// Directory group names (or Entra ID object ids) as the method reports them.
    public var groups: [String]
    public var method: SignInMethod

    public init(username: String, displayName: String? = nil, email: String? = nil, groups: [String], method: SignInMethod) {
        self.username = username
        self.displayName = displayName
        self.email = email
        self.groups = groups
        self.method = method
    }
}
