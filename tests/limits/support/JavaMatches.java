import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which probes each pattern fully matches, by java.util.regex, the engine the AWS
 * models' patterns are written for. Run as `java JavaMatches.java`; stdin: the
 * number of probes, the probes, then the patterns, one per line, each Base64 of
 * UTF-8. stdout: one line per pattern, a 1 or 0 per probe, or E when the pattern
 * does not compile.
 */
public class JavaMatches {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Base64.Decoder base64 = Base64.getDecoder();
        int count = Integer.parseInt(in.readLine().trim());
        List<String> probes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            probes.add(new String(base64.decode(in.readLine()), StandardCharsets.UTF_8));
        }
        StringBuilder out = new StringBuilder();
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
            String source = new String(base64.decode(line), StandardCharsets.UTF_8);
            try {
                Pattern pattern = Pattern.compile(source);
                for (String probe : probes) out.append(pattern.matcher(probe).matches() ? '1' : '0');
            } catch (PatternSyntaxException e) {
                out.append('E');
            }
            out.append('\n');
        }
        System.out.print(out);
    }
}
