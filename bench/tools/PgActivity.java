import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples what the control plane's PostgreSQL sessions are doing (pg_stat_activity), to tell lock
 * waits from I/O and CPU: java -cp postgresql.jar PgActivity.java <port> <database> <samples> <interval-ms>.
 * Prints one line per sample, "state/wait_event_type/wait_event=count ...", and a total at the end.
 */
public class PgActivity {
  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/" + args[1];
    int samples = Integer.parseInt(args[2]);
    long interval = Long.parseLong(args[3]);
    Map<String, Integer> total = new TreeMap<>();
    try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
      for (int i = 0; i < samples; i++) {
        Map<String, Integer> now = new TreeMap<>();
        try (ResultSet rows = db.createStatement().executeQuery(
            "SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-') FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'")) {
          while (rows.next()) {
            now.merge(rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getString(3), 1, Integer::sum);
          }
        }
        now.forEach((key, count) -> total.merge(key, count, Integer::sum));
        System.out.println("pg_activity " + now);
        Thread.sleep(interval);
      }
    }
    System.out.println("pg_activity_total over " + samples + " samples: " + total);
  }
}
