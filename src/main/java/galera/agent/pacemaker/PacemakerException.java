package galera.agent.pacemaker;

/** A Pacemaker command failed or timed out; the message has the command and its output. */
public final class PacemakerException extends Exception {
    public PacemakerException(String message) {
        super(message);
    }
}
