import Hummingbird
import IMSCore

/// The council's system messages (an outage, a holiday closure, a receipt footer) for the page being rendered:
/// read from the configuration once per page request by ``SystemNoticesMiddleware``, so a message set up on one
/// instance shows on every instance's next page.
enum SystemNotices {
    @TaskLocal static var current: [SystemMessage] = []

    /// The texts at `placement`, in Welsh where the page is Welsh and the message has a Welsh text.
    static func texts(at placement: SystemMessage.Placement, welsh: Bool) -> [[String: String]] {
        current.filter { $0.placement == placement && !$0.isRetired }.map { ["text": (welsh ? $0.welshText : nil) ?? $0.text] }
    }
}

/// Reads the council's system messages for every page request (not for the API, assets or health checks).
struct SystemNoticesMiddleware<Context: RequestContext>: RouterMiddleware {
    let messages: any SystemMessageStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard !path.hasPrefix("/api/"), !path.hasPrefix("/assets/"), path != "/healthz", !path.hasPrefix("/sandbox-provider") else {
            return try await next(request, context)
        }
        let current = (try? await messages.currentSystemMessages()) ?? []
        return try await SystemNotices.$current.withValue(current) { try await next(request, context) }
    }
}
