# Common style of fabric plots (loaded by fabric-plot before each figure's own template).
set encoding utf8
set grid lc rgb '#dddddd' lw 1
set border 3 lw 1.2
set tics nomirror out scale 0.6
set key top left box opaque samplen 2.5 spacing 1.2
set title font ',18'
set xlabel font ',15'
set ylabel font ',15'
# Variant colours: 1 red (standard Ethernet), 2 blue (Spectrum-X), then green, purple, ochre,
# grey, black, pink: eight hues that stay apart
set style line 1 lc rgb '#c0392b' lw 2.5 pt 7 ps 1.3
set style line 2 lc rgb '#2471a3' lw 2.5 pt 5 ps 1.3
set style line 3 lc rgb '#27ae60' lw 2.5 pt 9 ps 1.5
set style line 4 lc rgb '#8e44ad' lw 2.5 pt 11 ps 1.5
set style line 5 lc rgb '#d68910' lw 2.5 pt 13 ps 1.5
set style line 6 lc rgb '#566573' lw 2.5 pt 3 ps 1.3
set style line 7 lc rgb '#1b1b1b' lw 2.5 pt 15 ps 1.3
set style line 8 lc rgb '#e84393' lw 2.5 pt 1 ps 1.3
# Boxes coloured by "lc variable" take line types: make them the same palette.
set linetype 1 lc rgb '#c0392b'
set linetype 2 lc rgb '#2471a3'
set linetype 3 lc rgb '#27ae60'
set linetype 4 lc rgb '#8e44ad'
set linetype 5 lc rgb '#d68910'
set linetype 6 lc rgb '#566573'
set linetype 7 lc rgb '#1b1b1b'
set linetype 8 lc rgb '#e84393'
