package dev.smctl.jenkins.work;

import java.io.Serializable;

/** Username/password credentials: a database login, or an S3 access key (username) and secret key (password). */
public record UsernamePassword(String username, Sensitive password) implements Serializable {
}
