package dev.loopback.activities.catalog;

import com.github.zafarkhaja.semver.Version;
import com.github.zafarkhaja.semver.expr.Expression;
import com.github.zafarkhaja.semver.expr.ExpressionParser;
import dev.loopback.activities.errors.InvalidFieldException;

/**
 * Which versions a rule admits: {@code any}, or a java-semver range expression such as
 * {@code >=1.2.0 & <2.0.0}, {@code ~1.4} or {@code ^1.2.3} (java-semver does not know the word
 * {@code any}; we map it).
 *
 * <p>Pre-releases: java-semver lets {@code 2.0.0-rc.1} satisfy {@code <2.0.0} and {@code ^1.2.3}.
 * Here a pre-release is admitted only if its release version is admitted too, so an upper bound is
 * never crossed by accident: {@code 2.0.0-rc.1} is not in {@code <2.0.0}; {@code 1.5.0-rc.1} is in
 * {@code >=1.2.0 & <2.0.0}; {@code 1.2.0-rc.1} is not in {@code >=1.2.0}.
 */
public final class Eligibility {
  public static final String ANY = "any";
  private final String text;
  private final Expression expression;

  private Eligibility(String text, Expression expression) {
    this.text = text;
    this.expression = expression;
  }

  public static Eligibility parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidFieldException(field, "is required: 'any' or a semver range such as '>=1.2.0 & <2.0.0'");
    }
    String rule = text.strip();
    if (rule.equalsIgnoreCase(ANY) || rule.equals("*")) {
      return new Eligibility(ANY, null);
    }
    try {
      return new Eligibility(rule, ExpressionParser.newInstance().parse(rule));
    } catch (RuntimeException e) {
      throw new InvalidFieldException(field, "'" + rule + "' is not 'any' or a semver range (e.g. '>=1.2.0 & <2.0.0', '~1.4', '^1.2.3'): "
          + e.getMessage());
    }
  }

  public boolean admits(Version version) {
    if (expression == null) {
      return true;
    }
    Version plain = version.withoutBuildMetadata();
    return expression.test(plain) && (plain.isStable() || expression.test(plain.toStableVersion()));
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
