// dossier-eval-quotes: quote extraction scored on PolNeAR-format folders.
int main() { return 0; }
