package hudson

/** Test stand-in for Jenkins core's AbortException: what error() and a failing plugin step throw. */
class AbortException extends IOException {
    AbortException(String message) {
        super(message)
    }
}
