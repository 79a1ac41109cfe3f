# Shared by the scripts in this folder: where things live, and a Java 17 for Flink.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
JAR="$ROOT/flink-src/lib/pyflink-dependencies.jar"
CACHE="$ROOT/.cache"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/java-17-openjdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
step() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
