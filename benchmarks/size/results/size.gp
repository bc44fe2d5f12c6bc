set terminal pngcairo size 1200,700 noenhanced font ',10'
set output 'size.png'
set title 'Bytes per article (title + body), lower is better'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by 35 right
set ylabel 'bytes per article'
set grid ytics
set key top right
set bmargin 14
plot 'size.dat' using 2:xtic(1) title 'examples', 'size.dat' using 3 title 'bbc_news_summary', 'size.dat' using 4 title 'cnn_val1k', 'size.dat' using 5 title 'orangesum_abstract_test'
