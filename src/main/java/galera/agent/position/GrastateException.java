package galera.agent.position;

/** grastate.dat is missing, unreadable or corrupt. The message says which and where; nothing was changed. */
public final class GrastateException extends Exception {
    public GrastateException(String message) {
        super(message);
    }
}
