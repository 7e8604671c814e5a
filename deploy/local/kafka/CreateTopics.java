import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.TopicCommand;

/**
 * Runs Kafka's TopicCommand "--create --if-not-exists" for several topics in ONE JVM
 * (a JVM per topic costs ~1-2 s each). Used by deploy/local/infra.sh.
 *
 *   javac -d classes -cp 'libs/*' CreateTopics.java
 *   java -cp 'classes:libs/*' CreateTopics BOOTSTRAP TOPIC PARTITIONS [TOPIC PARTITIONS]...
 */
public class CreateTopics {
    public static void main(String[] args) {
        if (args.length < 3 || args.length % 2 == 0) {
            System.err.println("usage: CreateTopics BOOTSTRAP TOPIC PARTITIONS [TOPIC PARTITIONS]...");
            System.exit(2);
        }
        AtomicInteger lastExit = new AtomicInteger();
        // TopicCommand.main ends with Exit.exit(code): record the code instead of exiting.
        Exit.setExitProcedure((code, message) -> lastExit.set(code));
        int failures = 0;
        for (int i = 1; i < args.length; i += 2) {
            lastExit.set(0);
            TopicCommand.main("--bootstrap-server", args[0], "--create", "--if-not-exists",
                    "--topic", args[i], "--partitions", args[i + 1], "--replication-factor", "1");
            if (lastExit.get() != 0) {
                System.err.println("failed to create topic " + args[i]);
                failures++;
            }
        }
        Exit.resetExitProcedure();
        System.exit(failures == 0 ? 0 : 1);
    }
}
