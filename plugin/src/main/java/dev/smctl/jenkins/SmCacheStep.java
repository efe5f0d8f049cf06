package dev.smctl.jenkins;

import dev.smctl.jenkins.work.CommonArguments;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that talks to Redis: it runs on the agent of the enclosing {@code node {}}, where the in-cluster cache is
 * reachable, like the database steps. {@code redis} names the one database index a flush may touch.
 */
public abstract class SmCacheStep extends SmStep {
    private String redis;
    private String redisCredentialsId;

    @Override
    boolean runsOnAgent() {
        return true;
    }

    @Override
    CommonArguments common() {
        CommonArguments cluster = super.common();
        return new CommonArguments(cluster.namespace(), cluster.reason(), cluster.dryRun(), cluster.kubeconfigCredentialsId(),
                null, null, null, null, null, null, null, redis, redisCredentialsId);
    }

    public String getRedis() {
        return redis;
    }

    @DataBoundSetter
    public void setRedis(String redis) {
        this.redis = fixEmpty(redis);
    }

    public String getRedisCredentialsId() {
        return redisCredentialsId;
    }

    @DataBoundSetter
    public void setRedisCredentialsId(String redisCredentialsId) {
        this.redisCredentialsId = fixEmpty(redisCredentialsId);
    }
}
