import Glibc

/// The process's open-files limit. Systems start services with a soft limit of 1,024 and a
/// hard one far above; every connection holds a descriptor, so `serve` raises its soft limit
/// to the hard one at start, as nginx and Go's runtime do.
enum OpenFiles {
    /// The soft limit after raising it as far as it may go.
    static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_, &limit) == 0 else { return 1_024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(RLIMIT_NOFILE_, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    private static let RLIMIT_NOFILE_ = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
}
