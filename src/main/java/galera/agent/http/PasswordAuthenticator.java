package galera.agent.http;

import com.sun.net.httpserver.BasicAuthenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** HTTP Basic authentication against one configured user, compared in constant time. */
final class PasswordAuthenticator extends BasicAuthenticator {
    private final byte[] user;
    private final byte[] password;

    PasswordAuthenticator(String realm, String user, String password) {
        super(realm, StandardCharsets.UTF_8);
        this.user = user.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean checkCredentials(String username, String pass) {
        if (username == null || pass == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(user, username.getBytes(StandardCharsets.UTF_8));
        boolean passOk = MessageDigest.isEqual(password, pass.getBytes(StandardCharsets.UTF_8));
        return userOk & passOk;
    }
}
